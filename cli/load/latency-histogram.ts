// Latency in microseconds in an HDR histogram (autocannon's own holds whole milliseconds,
// which reads 0 for a fast local service), with the percentiles the reports show.
import * as hdr from 'hdr-histogram-js';

export interface LatencyStats {
  /** All in microseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Samples behind the figures (corrected samples included). */
  count: number;
}

export function newLatencyHistogram(): hdr.Histogram {
  // 1 µs to 60 s at 3 significant digits; autoResize keeps anything slower than that.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
}

/**
 * Records one latency. With a pacing interval, HdrHistogram adds the samples a stalled
 * service prevented (coordinated omission), as autocannon does for its paced runs.
 */
export function recordLatency(h: hdr.Histogram, micros: number, expectedIntervalUs?: number): void {
  const v = Math.max(1, Math.round(micros));
  if (expectedIntervalUs && expectedIntervalUs > 0) h.recordValueWithExpectedInterval(v, Math.round(expectedIntervalUs));
  else h.recordValue(v);
}

export function latencyStats(h: hdr.Histogram): LatencyStats {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };
  return {
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    max: h.maxValue,
    mean: Math.round(h.mean),
    count: h.totalCount,
  };
}

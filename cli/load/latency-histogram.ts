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

// The WebAssembly build: reading percentiles walks every bucket, which the pure-JS histogram
// did slowly enough to cost ~3 % of a core at one window per second.
hdr.initWebAssemblySync();

export function newLatencyHistogram(): hdr.Histogram {
  // 1 µs to 10 s at 3 significant digits to start with; autoResize keeps anything slower.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: true });
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
  // Percentiles come back as the top of their bucket (within 0.1 %); never above the true max.
  const max = h.maxValue;
  const at = (p: number) => Math.min(h.getValueAtPercentile(p), max);
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max,
    mean: Math.round(h.mean),
    count: h.totalCount,
  };
}

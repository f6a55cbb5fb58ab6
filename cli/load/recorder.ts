// Counts what came back (status classes, transport errors, timeouts) and latencies,
// both for the current one-second window and for the whole run.
import type * as hdr from 'hdr-histogram-js';
import { latencyStats, newLatencyHistogram, recordLatency, type LatencyStats } from './latency-histogram.js';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export interface Counts {
  /** Responses received, whatever their status. */
  responses: number;
  statusClasses: Record<StatusClass, number>;
  /** Connection-level failures (refused, reset, ...), by error code. */
  errors: number;
  errorCodes: Record<string, number>;
  timeouts: number;
}

/** Requests that failed: transport errors, timeouts, and responses with status >= 400. */
export function failedOf(c: Counts): number {
  return c.errors + c.timeouts + c.statusClasses['4xx'] + c.statusClasses['5xx'];
}

/** Requests that finished one way or another. */
export function finishedOf(c: Counts): number {
  return c.responses + c.errors + c.timeouts;
}

function emptyCounts(): Counts {
  return { responses: 0, statusClasses: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, errors: 0, errorCodes: {}, timeouts: 0 };
}

class Bucket {
  counts = emptyCounts();
  readonly latency: hdr.Histogram = newLatencyHistogram();
  reset(): void {
    this.counts = emptyCounts();
    this.latency.reset();
  }
}

/** Sees every result the recorder does, as it is recorded (the client metrics export). */
export interface RecorderTap {
  response(status: number, micros: number, expectedIntervalUs?: number): void;
  error(code: string): void;
  timeout(timeoutMicros: number): void;
}

export class Recorder {
  private readonly window = new Bucket();
  private readonly total = new Bucket();

  constructor(private readonly tap?: RecorderTap) {}

  response(status: number, micros: number, expectedIntervalUs?: number): void {
    this.tap?.response(status, micros, expectedIntervalUs);
    const cls = `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as StatusClass;
    for (const b of [this.window, this.total]) {
      b.counts.responses++;
      b.counts.statusClasses[cls]++;
      recordLatency(b.latency, micros, expectedIntervalUs);
    }
  }

  error(code: string): void {
    this.tap?.error(code);
    for (const b of [this.window, this.total]) {
      b.counts.errors++;
      b.counts.errorCodes[code] = (b.counts.errorCodes[code] ?? 0) + 1;
    }
  }

  /**
   * A request that got no answer within the timeout. Its latency is at least the timeout, and it
   * counts as that: left out, a run whose slowest requests never came back would show a p99 and a
   * max of only the ones that did.
   */
  timeout(timeoutMicros: number): void {
    this.tap?.timeout(timeoutMicros);
    for (const b of [this.window, this.total]) {
      b.counts.timeouts++;
      recordLatency(b.latency, timeoutMicros);
    }
  }

  /** The window since the last call, then starts a new one. */
  takeWindow(): { counts: Counts; latency: LatencyStats } {
    const out = { counts: this.window.counts, latency: latencyStats(this.window.latency) };
    this.window.reset();
    return out;
  }

  overall(): { counts: Counts; latency: LatencyStats } {
    return { counts: structuredClone(this.total.counts), latency: latencyStats(this.total.latency) };
  }

  destroy(): void {
    this.window.latency.destroy();
    this.total.latency.destroy();
  }
}

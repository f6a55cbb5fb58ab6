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

const CLASSES: StatusClass[] = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** Adds `from` into `into`. */
function addCounts(into: Counts, from: Counts): void {
  into.responses += from.responses;
  for (const k of Object.keys(from.statusClasses) as StatusClass[]) into.statusClasses[k] += from.statusClasses[k];
  into.errors += from.errors;
  for (const [code, n] of Object.entries(from.errorCodes)) into.errorCodes[code] = (into.errorCodes[code] ?? 0) + n;
  into.timeouts += from.timeouts;
}

/** Sees every result the recorder does, as it is recorded (the client metrics export). */
export interface RecorderTap {
  response(status: number, micros: number, expectedIntervalUs?: number): void;
  error(code: string): void;
  timeout(timeoutMicros: number): void;
}

/**
 * Every result is recorded once, in the current window; a window joins the run's totals when it
 * is taken (once a second), so each answer costs one histogram record, not two.
 */
export class Recorder {
  private window = emptyCounts();
  private readonly windowLatency: hdr.Histogram = newLatencyHistogram();
  private total = emptyCounts();
  private totalLatency: hdr.Histogram = newLatencyHistogram();
  private aside?: { counts: Counts; latency: hdr.Histogram };

  constructor(private readonly tap?: RecorderTap) {}

  response(status: number, micros: number, expectedIntervalUs?: number): void {
    this.tap?.response(status, micros, expectedIntervalUs);
    this.window.responses++;
    this.window.statusClasses[CLASSES[Math.min(5, Math.max(1, Math.floor(status / 100)))]]++;
    recordLatency(this.windowLatency, micros, expectedIntervalUs);
  }

  error(code: string): void {
    this.tap?.error(code);
    this.window.errors++;
    this.window.errorCodes[code] = (this.window.errorCodes[code] ?? 0) + 1;
  }

  /**
   * A request that got no answer within the timeout. Its latency is at least the timeout, and it
   * counts as that: left out, a run whose slowest requests never came back would show a p99 and a
   * max of only the ones that did.
   */
  timeout(timeoutMicros: number): void {
    this.tap?.timeout(timeoutMicros);
    this.window.timeouts++;
    recordLatency(this.windowLatency, timeoutMicros);
  }

  /** The window since the last call, then starts a new one. */
  takeWindow(): { counts: Counts; latency: LatencyStats } {
    const out = { counts: this.window, latency: latencyStats(this.windowLatency) };
    addCounts(this.total, this.window);
    this.totalLatency.add(this.windowLatency);
    this.window = emptyCounts();
    this.windowLatency.reset();
    return out;
  }

  /**
   * Sets the run's totals so far aside and starts them afresh (the end of a warm-up, right after
   * a window was taken); returns what they held. Kept, not dropped: a run that stops before
   * anything after them is worth a figure takes them back (takeBackSetAside).
   */
  setAside(): Counts {
    this.aside = { counts: this.total, latency: this.totalLatency };
    this.total = emptyCounts();
    this.totalLatency = newLatencyHistogram();
    return this.aside.counts;
  }

  /** Adds what setAside took back into the totals. */
  takeBackSetAside(): void {
    if (!this.aside) return;
    addCounts(this.total, this.aside.counts);
    this.totalLatency.add(this.aside.latency);
    this.aside.latency.destroy();
    this.aside = undefined;
  }

  /** The whole run so far (since setAside, if called), the open window included. */
  overall(): { counts: Counts; latency: LatencyStats } {
    const counts = structuredClone(this.total);
    addCounts(counts, this.window);
    if (this.windowLatency.totalCount === 0) return { counts, latency: latencyStats(this.totalLatency) };
    const h = newLatencyHistogram();
    h.add(this.totalLatency);
    h.add(this.windowLatency);
    const latency = latencyStats(h);
    h.destroy();
    return { counts, latency };
  }

  destroy(): void {
    this.windowLatency.destroy();
    this.totalLatency.destroy();
    this.aside?.latency.destroy();
  }
}

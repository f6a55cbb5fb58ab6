// Users mode: which requests on the wire are late, not merely in flight. 20 users against a
// target answering in 600 ms always have about 12 requests out (20/s × 0.6 s, Little's law):
// that is ordinary work, not waiting. A request is waiting once it has been out longer than the
// target usually answers: twice the recent p99 of its answers, and never under 100 ms.
import type { Tick } from './summary.js';

/** Past twice the usual p99 an answer is late beyond jitter, a queue or a pause of this process. */
export const LATE_FACTOR = 2;
/** Under this, a tick taken mid-send or mid-GC would count ordinary requests of a fast target. */
export const LATE_FLOOR_MS = 100;
/** Seconds of answers that say what "usual" is: a single quick second does not lower it. */
const USUAL_SECONDS = 5;

export interface SlowInFlight {
  /** Requests on the wire for longer than `overMs`. */
  count: number;
  overMs: number;
}

/** Follows the run's ticks; `slow` counts the requests out longer than the target usually takes. */
export class UsualLatency {
  private readonly p99s: number[] = [];

  /**
   * A second counts when most of its requests were answered: a second of timeouts (counted in
   * latency as the timeout) says how long the client gave up after, not how the target answers.
   */
  add(t: Tick): void {
    // rps counts the second's finished requests (failed ones included); a partial last second is ignored.
    if (t.partial || t.rps === 0 || t.failed > t.rps / 2) return;
    this.p99s.push(t.latencyMs.p99);
    if (this.p99s.length > USUAL_SECONDS) this.p99s.shift();
  }

  /** How long a request may be out before it is late; the floor while nothing has been answered. */
  get lateAfterMs(): number {
    return Math.max(LATE_FLOOR_MS, LATE_FACTOR * Math.max(0, ...this.p99s));
  }

  slow(inFlightAgesMs: readonly number[]): SlowInFlight {
    const overMs = this.lateAfterMs;
    return { count: inFlightAgesMs.filter((age) => age > overMs).length, overMs };
  }
}

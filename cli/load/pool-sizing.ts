// How many connections the open model holds: Little's law (in flight = rate × latency), doubled
// for headroom, plus spares, from the latency probe's figure and then from the answers' own wire
// latency. The latency gets a timer tick added: sends leave on whole milliseconds, so a
// millisecond's sends (more after a late wake-up) are in flight together whatever the target's
// latency.
//
// Growth stops while it does not help. A target at its limit answers no faster on more
// connections; its latency grows with them instead, and a pool following Little's law on that
// latency would keep adding connections, each costing the target a connect and its bookkeeping
// (the collapse seen near --max's throughput). So while the answers fall short of the sends, the
// pool grows again only if its last growth raised the answer rate, or a second after it.
// Sends that find every connection busy wait for one, in order; their wait counts in their latency.

/** Connections kept beyond Little's law. */
const SPARE = 8;
/** Latency headroom in Little's law. */
const HEADROOM = 2;
/** Sends go out on whole milliseconds: this much more time in flight (ms). */
const TICK_MS = 2;
/** Answers falling short of sends by more than this: the target is not keeping up. */
const KEEPING_UP = 0.97;
/** A growth that raised the answer rate by less than this did not help. */
const HELPED = 1.05;
/** After a growth that did not help, the next try comes this much later (ms). */
const RETRY_MS = 1000;
/** Shortest interval the answer rate is measured over (ms): shorter is mostly noise. */
const MEASURE_MS = 200;

export class PoolSizing {
  /** Mean wire latency (ms) of recent answers (waiting for a connection excluded). */
  latencyMs: number;
  private sends = 0;
  private answers = 0;
  private since = { at: -Infinity, sends: 0, answers: 0 };
  private lastGrowth = { at: -Infinity, answerRate: 0 };

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  sent(): void {
    this.sends++;
  }

  answered(micros?: number): void {
    this.answers++;
    if (micros !== undefined) this.latencyMs += (micros / 1000 - this.latencyMs) * 0.05;
  }

  /** Connections needed for `rate` at the latency seen so far. */
  forRate(rate: number): number {
    return Math.ceil((rate * (this.latencyMs + TICK_MS) * HEADROOM) / 1000) + SPARE;
  }

  /** Connections to hold at `now` (ms) for `rate`, holding `open`: `open` or more. */
  target(rate: number, open: number, now: number): number {
    const elapsed = now - this.since.at;
    if (elapsed < MEASURE_MS) return open;
    const sends = this.sends - this.since.sends;
    const answers = this.answers - this.since.answers;
    const answerRate = (answers * 1000) / elapsed;
    this.since = { at: now, sends: this.sends, answers: this.answers };
    const want = this.forRate(rate);
    if (want <= open) return open;
    const keepingUp = answers >= KEEPING_UP * sends;
    const helped = answerRate >= HELPED * this.lastGrowth.answerRate;
    if (!keepingUp && !helped && now - this.lastGrowth.at < RETRY_MS) return open;
    this.lastGrowth = { at: now, answerRate };
    return want;
  }
}

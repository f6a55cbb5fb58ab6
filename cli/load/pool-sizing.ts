// How many connections the open model holds. Little's law (in flight = rate × latency, plus a
// millisecond: sends leave on whole milliseconds, so a millisecond's sends are in flight
// together), doubled for headroom, plus spares:
// - ahead of need, at the latency the probe measured before the clock started, for the rate a
//   moment ahead (a ramp keeps rising);
// - when sends had to wait for a connection, at the answers' own recent latency, and no further
//   while the target keeps up (a wait then is a hiccup, and a queue somewhere is the price of it);
// - when the answers fall short of the sends, a quarter more, but only while that helps: a
//   target at its limit answers no faster on more connections (a trivial Node server answers
//   ~20 % fewer requests on 1,000 connections than on 50), so after a growth that brought no
//   more answers the next try waits five seconds. A pool that followed the latency of a saturated
//   target would keep opening connections, and the connects and their bookkeeping would push the
//   target further down (the collapse once seen near --max's throughput).

/** Connections kept beyond Little's law. */
const SPARE = 8;
/** Latency headroom in Little's law. */
const HEADROOM = 2;
/** Sends go out on whole milliseconds: this much more time in flight (ms). */
const TICK_MS = 1;
/** Answers falling short of sends by more than this: the target is not keeping up. */
const KEEPING_UP = 0.97;
/** A growth that raised the answer rate by less than this did not help. */
const HELPED = 1.05;
/** After a growth that did not help, the next try comes this much later (ms). */
const RETRY_MS = 5000;
/** Shortest interval the answer rate is measured over (ms): shorter is mostly noise. */
const MEASURE_MS = 200;

const littlesLaw = (rate: number, latencyMs: number) => Math.ceil((rate * (latencyMs + TICK_MS) * HEADROOM) / 1000) + SPARE;

export class PoolSizing {
  /** Mean wire latency (ms) of recent answers (waiting for a connection excluded). */
  private recentMs: number;
  private sends = 0;
  private answers = 0;
  private waits = 0;
  private since = { at: -Infinity, sends: 0, answers: 0, waits: 0 };
  private lastGrowth = { at: -Infinity, answerRate: 0 };

  constructor(
    /** The target's latency before the run (the probe's p90), ms. */
    private readonly baseMs: number,
  ) {
    this.recentMs = baseMs;
  }

  sent(waited: boolean): void {
    this.sends++;
    if (waited) this.waits++;
  }

  answered(micros?: number): void {
    this.answers++;
    if (micros !== undefined) this.recentMs += (micros / 1000 - this.recentMs) * 0.05;
  }

  /** Connections to open ahead of need for `rate`. */
  ahead(rate: number): number {
    return littlesLaw(rate, this.baseMs);
  }

  /** Connections to hold at `now` (ms) for `rate`, holding `open`: `open` or more. */
  target(rate: number, open: number, now: number): number {
    let want = this.ahead(rate);
    const elapsed = now - this.since.at;
    if (elapsed >= MEASURE_MS) {
      const sends = this.sends - this.since.sends;
      const answers = this.answers - this.since.answers;
      const waited = this.waits > this.since.waits;
      const answerRate = (answers * 1000) / elapsed;
      this.since = { at: now, sends: this.sends, answers: this.answers, waits: this.waits };
      if (waited) {
        const little = littlesLaw(rate, this.recentMs);
        const helped = answerRate >= HELPED * this.lastGrowth.answerRate || now - this.lastGrowth.at >= RETRY_MS;
        const grown = answers >= KEEPING_UP * sends ? little : helped ? Math.max(little, open + Math.max(SPARE, Math.ceil(open / 4))) : open;
        if (grown > Math.max(open, want)) {
          this.lastGrowth = { at: now, answerRate };
          want = grown;
        }
      }
    }
    return Math.max(open, want);
  }
}

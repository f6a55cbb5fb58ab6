// Did the target keep up with the rate asked (--rate)? A send that finds every connection busy
// waits, and one stalled moment (a garbage collection, a checkpoint, a noisy neighbour, the
// generator's own first moments at tens of thousands of requests/s) makes hundreds wait in a
// single second even though the target takes the rate easily; calling that "saturated" sends a
// user looking for a limit that is not there. So a second is *stalled* when more than 1 % of the
// sends made in it waited, and *behind* when, stalled, it also ended with sends still waiting. The
// target is *saturated* when a send was dropped, when it was behind SUSTAINED_S seconds in a row,
// when it stalled LONG_STALL_S seconds in a row (even if the wait emptied by each second's end),
// or when it was behind in every whole second of a shorter run. Anything less is reported as
// brief stalls the target recovered from. Only whole seconds count: a run's last, partial window
// (or a run stopped within its first second) is too short to judge.
import type { Tick } from './summary.js';

/** Seconds in a row behind (sends still waiting at the end) that make a target saturated. */
export const SUSTAINED_S = 3;
/** Seconds in a row stalled, drained or not, that make a target saturated. */
export const LONG_STALL_S = 5;
/** Share of a second's sends that may wait for a connection before the second counts as stalled. */
const WAITED_SHARE = 0.01;

/** More than 1 % of the sends made in this second waited for a connection (and more than one). */
export function stalled(t: Tick): boolean {
  return (t.waited ?? 0) > Math.max(1, WAITED_SHARE * (t.sent ?? t.level));
}

/** Follows the seconds of a run as they come: what the live line and the summary both say. */
export class SaturationWatch {
  private behindRun = 0;
  private stalledRun = 0;
  private seconds = 0;
  private behindSeconds = 0;
  /** Stretches of stalled seconds so far. */
  stretches = 0;
  /** Saturated at some point of the run. */
  saturated = false;

  /**
   * One second: 'saturated' or 'stalled' for that second, or undefined when it kept up. The run's
   * last, partial window and the seconds of a warm-up are judged on their own (a drop, or stalled)
   * and join no streak, as in the summary.
   */
  add(t: Tick): 'saturated' | 'stalled' | undefined {
    if (t.partial || t.warmup) return t.dropped ? 'saturated' : stalled(t) ? 'stalled' : undefined;
    const isStalled = stalled(t);
    const isBehind = isStalled && (t.waiting ?? 0) > 0;
    if (isStalled && this.stalledRun === 0) this.stretches++;
    this.stalledRun = isStalled ? this.stalledRun + 1 : 0;
    this.behindRun = isBehind ? this.behindRun + 1 : 0;
    this.seconds++;
    if (isBehind) this.behindSeconds++;
    const now = Boolean(t.dropped) || this.behindRun >= SUSTAINED_S || this.stalledRun >= LONG_STALL_S;
    if (now) this.saturated = true;
    return now ? 'saturated' : isStalled ? 'stalled' : undefined;
  }

  /** At the end: behind in every whole second of a run shorter than SUSTAINED_S counts too. */
  finalSaturated(): boolean {
    return this.saturated || (this.seconds > 0 && this.seconds < SUSTAINED_S && this.behindSeconds === this.seconds);
  }
}

export interface Saturation {
  saturated: boolean;
  /** Stretches of stalled seconds the target recovered from (none when saturated). */
  stalls: number;
}

/** The verdict over a run's whole seconds (`wholeSeconds`) and its dropped sends. */
export function saturationOf(wholeSeconds: Tick[], dropped: number): Saturation {
  const watch = new SaturationWatch();
  for (const t of wholeSeconds) watch.add(t);
  const saturated = dropped > 0 || watch.finalSaturated();
  return { saturated, stalls: saturated ? 0 : watch.stretches };
}

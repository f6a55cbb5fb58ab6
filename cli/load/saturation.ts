// Did the target keep up with the rate asked (--rate)? A send that finds every connection busy
// waits, and one stalled moment (a garbage collection, a checkpoint, a noisy neighbour, the
// generator's own first moments at tens of thousands of requests/s) makes hundreds wait in a
// single second even though the target takes the rate easily; calling that "saturated" sends a
// user looking for a limit that is not there. So a second is *stalled* when more than 1 % of its
// sends waited, and *behind* when, stalled, it also ended with sends still waiting: a target that
// keeps up drains the wait within milliseconds of a stall, one that cannot never does. The target
// is *saturated* when sends were dropped or it was behind for SUSTAINED_S seconds in a row (or the
// whole of a shorter run). Stalls short of that are reported as brief stalls it recovered from.
import type { Tick } from './summary.js';

/** Consecutive stalled seconds that make a target saturated rather than briefly stalled. */
export const SUSTAINED_S = 3;
/** Share of a second's sends that may wait for a connection before the second counts as stalled. */
const WAITED_SHARE = 0.01;

/** More than 1 % of this second's sends waited for a connection (the level is the rate asked). */
export function stalled(t: Tick): boolean {
  return (t.waited ?? 0) > WAITED_SHARE * t.level;
}

/** Stalled, and sends still waited when the second ended: the wait was not drained. */
export function behind(t: Tick): boolean {
  return stalled(t) && (t.waiting ?? 0) > 0;
}

export interface Saturation {
  /** Sends were dropped, or it was behind for SUSTAINED_S seconds in a row (or all of a shorter run). */
  saturated: boolean;
  /** Stretches of stalled seconds the target recovered from (none when saturated). */
  stalls: number;
  /** Stalled seconds in all. */
  stalledS: number;
}

export function saturationOf(timeline: Tick[], dropped: number): Saturation {
  let run = 0;
  let longest = 0;
  let stretches = 0;
  let stalledS = 0;
  let previous = false;
  for (const t of timeline) {
    const isStalled = stalled(t);
    if (isStalled) {
      if (!previous) stretches++;
      stalledS++;
    }
    previous = isStalled;
    run = behind(t) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const saturated = dropped > 0 || (longest > 0 && longest >= Math.min(SUSTAINED_S, timeline.length));
  return { saturated, stalls: saturated ? 0 : stretches, stalledS };
}

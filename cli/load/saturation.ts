// Did the target keep up with the rate asked (--rate)? A send that finds every connection busy
// waits, and one stalled moment (a garbage collection, a checkpoint, a noisy neighbour) makes
// hundreds wait in a single second even though the target takes the rate easily; calling that
// "saturated" sends a user looking for a limit that is not there. So a second is *stalled* when
// more than 1 % of its sends waited, and the target is *saturated* only when sends were dropped or
// the stalls held for SUSTAINED_S seconds in a row (or the whole of a shorter run). Anything less
// is reported as brief stalls, which the target recovered from.
import type { Tick } from './summary.js';

/** Consecutive stalled seconds that make a target saturated rather than briefly stalled. */
export const SUSTAINED_S = 3;
/** Share of a second's sends that may wait for a connection before the second counts as stalled. */
const WAITED_SHARE = 0.01;

/** More than 1 % of this second's sends waited for a connection (the level is the rate asked). */
export function stalled(t: Tick): boolean {
  return (t.waited ?? 0) > WAITED_SHARE * t.level;
}

export interface Saturation {
  /** Sends were dropped, or stalls held for SUSTAINED_S seconds in a row (or all of a shorter run). */
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
  for (const t of timeline) {
    if (stalled(t)) {
      if (run === 0) stretches++;
      run++;
      stalledS++;
      longest = Math.max(longest, run);
    } else run = 0;
  }
  const sustained = longest >= Math.min(SUSTAINED_S, timeline.length);
  const saturated = dropped > 0 || (stalledS > 0 && sustained);
  return { saturated, stalls: saturated ? 0 : stretches, stalledS };
}

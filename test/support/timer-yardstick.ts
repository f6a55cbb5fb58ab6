// A yardstick for timing tests: a plain timer loop, run in the same event loop beside the code
// under test, ticking at fixed due times. How far its own gaps stray from the period is how late
// this machine wakes timers right now; a test widens its bound by that much, no more.
import { performance } from 'node:perf_hooks';

export interface TimerYardstick {
  /** Stops the loop and gives its gaps' median and the share of gaps under 1 ms (ticks bunched by a late wake-up). */
  stop(): { medianGapMs: number; bunched: number; ticks: number };
}

/** Ticks every `periodMs` at start + i·period (a late wake-up catches up, as a pacer would). */
export function startTimerYardstick(periodMs: number): TimerYardstick {
  const start = performance.now();
  const fired: number[] = [];
  let i = 1;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    // Every due time passed: one tick each, as a pacer sends each overdue request.
    while (start + i * periodMs <= now) {
      fired.push(now);
      i++;
    }
    timer = setTimeout(tick, Math.max(0, start + i * periodMs - performance.now()));
  };
  timer = setTimeout(tick, periodMs);
  return {
    stop() {
      clearTimeout(timer);
      const gaps = fired.slice(1).map((t, k) => t - fired[k]);
      const sorted = [...gaps].sort((a, b) => a - b);
      return {
        medianGapMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
        bunched: gaps.filter((g) => g < 1).length / Math.max(1, gaps.length),
        ticks: fired.length,
      };
    },
  };
}

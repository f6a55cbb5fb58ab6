// Medians and spreads: figures on a shared 2-core machine are noisy, so every bench repeats
// and reports the median with the range it came from.
import os from 'node:os';

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** "median (min-max)" with `digits` decimals. */
export function medianSpread(xs: number[], digits = 2): string {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return 'n/a';
  return `${median(ok).toFixed(digits)} (${Math.min(...ok).toFixed(digits)}-${Math.max(...ok).toFixed(digits)})`;
}

export const RUNS = Number(process.env.O11Y_BENCH_RUNS ?? 3);

/** The machine's load average (1, 5, 15 min): above ~1.5 on two cores, other work shared them. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

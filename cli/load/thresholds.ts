// Pass/fail limits for scripts and CI: --max-p99 and --max-error-rate.
import type { Summary, ThresholdResult } from './summary.js';

export interface Thresholds {
  /** Milliseconds. */
  maxP99Ms?: number;
  /** Ratio 0..1. */
  maxErrorRate?: number;
}

const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;

export function checkThresholds(t: Thresholds, s: Pick<Summary, 'latencyMs' | 'errorRate' | 'requests'>): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  if (t.maxP99Ms !== undefined) {
    // No answers at all is not a pass.
    const actual = s.requests === 0 ? Infinity : s.latencyMs.p99;
    const ok = actual <= t.maxP99Ms;
    out.push({ name: 'max-p99', limit: t.maxP99Ms, actual, ok, text: `p99 ${actual}ms ${ok ? '≤' : '>'} ${t.maxP99Ms}ms` });
  }
  if (t.maxErrorRate !== undefined) {
    const actual = s.requests === 0 ? 1 : s.errorRate;
    const ok = actual <= t.maxErrorRate;
    out.push({ name: 'max-error-rate', limit: t.maxErrorRate, actual, ok, text: `error rate ${pct(actual)} ${ok ? '≤' : '>'} ${pct(t.maxErrorRate)}` });
  }
  return out;
}

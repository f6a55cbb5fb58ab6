// Parses the units users type: durations (500ms, 30s, 1m, 1h30m), latencies and percentages.
import { UserError } from '../errors.js';

const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "90s", "1m30s", "250ms", "1.5h" -> milliseconds. A bare number is rejected: the unit matters. */
export function parseDuration(text: string, what = 'duration'): number {
  const s = String(text).trim();
  const part = /(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = part.exec(s)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched = part.lastIndex;
  }
  if (!s || matched !== s.length) {
    throw new UserError(`Invalid ${what} "${text}".`, { hint: 'Use a number with a unit: 500ms, 30s, 2m, 1h (or 1m30s).' });
  }
  return total;
}

/** Formats milliseconds the way parseDuration reads them: 90000 -> "1m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/** "1%", "0.5%" or "0.01" -> a ratio 0..1. */
export function parseRatio(text: string, what = 'ratio'): number {
  const s = String(text).trim();
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(s);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!m || value > 1) {
    throw new UserError(`Invalid ${what} "${text}".`, { hint: 'Use a percentage such as 1% or 0.5%, or a ratio such as 0.01.' });
  }
  return value;
}

/** A positive whole number from a flag ("--users 200"). */
export function parseCount(text: string, what: string, { min = 1, max = 1_000_000 } = {}): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`Invalid ${what} "${text}": expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

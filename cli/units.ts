// The one place that reads and writes the amounts people type, on flags and in o11y.yaml:
// durations, ratios and counts. Every command and the config check use these rules.
import { UserError } from './errors.js';

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
// Largest unit first, each at most once, the way Prometheus writes them: 1d12h, 1m30s, 1s500ms.
const DURATION = new RegExp(`^(?:${NUMBER}d)?(?:${NUMBER}h)?(?:${NUMBER}m)?(?:${NUMBER}s)?(?:${NUMBER}ms)?(?:${NUMBER}(?:us|µs))?$`);
/** Milliseconds per unit, in the order of DURATION's groups. */
const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1000, 1, 0.001];
const UNITS = 'us, ms, s, m, h or d';
// Prometheus' own grammar minus y and w, so that whatever o11y.yaml accepts parseDuration reads too.
const PROMETHEUS_DURATION = /^(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

export interface DurationRules {
  /** What the text is, for the message: `--duration`, `stage duration`. */
  what?: string;
  /** A bare number means seconds: how long a run or a wait lasts (`-d 5`, as autocannon, wrk and hey read it). */
  bareSeconds?: boolean;
  /** The unit a refused bare number is suggested with (ms unless said: a latency such as `--max-p99 50`). */
  guess?: 's' | 'ms';
}

/**
 * "250ms", "30s", "1.5h", "1m30s", "1d", "500us" -> milliseconds.
 * A bare number is refused unless `bareSeconds`: `--max-p99 50` could mean 50 ms or 50 s.
 */
export function parseDuration(text: string, { what = 'duration', bareSeconds = false, guess = 'ms' }: DurationRules = {}): number {
  const s = String(text).trim();
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    if (bareSeconds) return Number(s) * 1000;
    // A zero is never what a duration was meant to be: no guess to offer.
    throw new UserError(`Invalid ${what} "${text}": a duration needs a unit (${UNITS}).`, {
      code: 'O11Y_FLAG_INVALID',
      hint: Number(s) > 0 ? `Did you mean ${s}${guess}?` : 'For example 30s or 2m.',
    });
  }
  const m = s ? DURATION.exec(s) : null;
  if (!m) {
    throw new UserError(`Invalid ${what} "${text}".`, {
      code: 'O11Y_FLAG_INVALID',
      hint: `Use a number with a unit (${UNITS}), largest unit first: 500ms, 30s, 1.5m, 1m30s, 1d.`,
    });
  }
  return m.slice(1).reduce((ms, n, i) => (n === undefined ? ms : ms + Number(n) * UNIT_MS[i]), 0);
}

/** True for what Prometheus accepts as a duration in its config (30s, 1m30s, 1d; whole numbers only). */
export function isPrometheusDuration(text: unknown): text is string {
  return typeof text === 'string' && text !== '' && PROMETHEUS_DURATION.test(text);
}

/** Milliseconds the way parseDuration reads them: 90000 -> "1m30s", 250 -> "250ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  // Under a minute, tenths are kept: `-d 2500ms` is not "3s".
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].join('');
}

/** "20%", "0.5%" or "0.2" -> a ratio from 0 to 1. */
export function parseRatio(text: string, { what = 'ratio' }: { what?: string } = {}): number {
  const s = String(text).trim();
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(s);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value <= 1)) {
    // "20" is far more likely a forgotten % than a ratio of 20.
    const hint = m && !m[2] && value <= 100 ? `Did you mean ${s}%?` : 'Use a percentage such as 20% or 0.5%, or a fraction such as 0.2.';
    throw new UserError(`Invalid ${what} "${text}": expected 0% to 100%, or a fraction from 0 to 1.`, { code: 'O11Y_FLAG_INVALID', hint });
  }
  return value;
}

/** A whole number from a flag ("--users 200"), within bounds. */
export function parseCount(text: string, what: string, { min = 1, max = 1_000_000 } = {}): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`Invalid ${what} "${text}": expected a whole number from ${min} to ${max}.`, { code: 'O11Y_FLAG_INVALID' });
  }
  return n;
}

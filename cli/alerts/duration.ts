// Prometheus durations ("1m30s", "500ms") to milliseconds and back, for timings derived from config.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) throw new Error(`not a Prometheus duration: "${text}"`);
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * UNIT_MS[unit], 0);
}

/** Whole seconds as a Prometheus duration ("75s"); promtool accepts any unit mix. */
export function secondsDuration(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

// Number formats shared by the live line and the summary.
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)}ms`;
  if (ms < 1000) return `${ms.toFixed(1)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function fmtPct(ratio: number): string {
  return `${(Math.round(ratio * 10000) / 100).toString()}%`;
}

export function fmtElapsed(s: number): string {
  const whole = Math.round(s);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

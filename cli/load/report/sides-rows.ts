// The summary's rows on the client metrics: the client's and the server's p50/p99 over the same
// window with a reading of the difference, or where the series went (nowhere, and why).
import type { Summary } from '../summary.js';
import { fmtMs } from './format.js';

export function sidesRows(s: Summary): string[][] {
  const rows: string[][] = [];
  const m = s.clientMetrics;
  if (s.sides) {
    const { clientMs: c, serverMs: v } = s.sides;
    // After a warm-up both sides start at the server's first scrape after it.
    const from = s.sides.window.start - Date.parse(s.startedAt) / 1000;
    const span = s.warmup?.excluded ? `, from ${from.toFixed(1)}s into the run, after the warm-up` : '';
    rows.push(['client', `p50 ${fmtMs(c.p50)}   p99 ${fmtMs(c.p99)}   (Prometheus, run="${m?.run ?? ''}"${span})`]);
    rows.push(['server', `p50 ${fmtMs(v.p50)}   p99 ${fmtMs(v.p99)}   (the gradebook's own histogram, same window and buckets)`]);
    rows.push(['reading', s.sides.reading]);
  } else if (m?.nowhere) {
    rows.push(['metrics', `went nowhere: ${m.nowhere}`]);
  } else if (m?.run) {
    rows.push(['metrics', `run="${m.run}" in Prometheus (${m.pushed} pushes${m.failed ? `, ${m.failed} failed` : ''})`]);
    if (m.noComparison) rows.push(['server', `no figures to compare: ${m.noComparison}`]);
  }
  return rows;
}

// The table printed when a run ends.
import { style, table, wrapText } from '../../output.js';
import type { Summary } from '../summary.js';
import { fmtCount, fmtMs, fmtPct } from './format.js';
import { sidesRows } from './sides-rows.js';

const REASON: Record<Summary['stopReason'], string> = {
  completed: 'completed',
  interrupted: 'stopped by Ctrl-C',
  aborted: 'aborted',
  condition: 'stopped: condition met',
};

/** What ran and how it ended, in one line: "GET http://… 200 users, 70.0s, completed". */
export function summaryHeadline(s: Summary): string {
  const level = s.mode === 'users' ? `${s.peakLevel} users` : s.mode === 'rate' ? `${s.peakLevel} req/s` : `${s.peakLevel} connections, flat out`;
  const after = s.warmup?.excluded ? ` after a ${s.warmup.seconds}s warm-up` : '';
  return `${s.method} ${s.target}  ${level}${s.preset ? ` (preset ${s.preset})` : ''}, ${s.durationS.toFixed(1)}s${after}, ${REASON[s.stopReason]}${s.stopDetail ? ` (${s.stopDetail})` : ''}`;
}

/** Above this share of a core the generator, not only the target, may be what limits the run. */
const BUSY_GENERATOR = 0.9;

function generatorBusy(s: Summary): boolean {
  return (s.generatorCpu ?? 0) >= BUSY_GENERATOR;
}

/** The table's rows as plain text (label, figures): the terminal and the HTML report show the same. */
export function summaryRows(s: Summary): string[][] {
  const classes = Object.entries(s.statusClasses)
    .filter(([k, v]) => v > 0 || k === '2xx')
    .map(([k, v]) => `${k} ${fmtCount(v)}`)
    .join('   ');
  const rows: string[][] = [
    ['requests', `${fmtCount(s.requests)}${s.plannedRequests !== undefined ? `  (planned ${fmtCount(s.plannedRequests)})` : ''}`],
    ['rps', `${s.rps.toFixed(1)}  (${s.warmup?.excluded ? 'over the run after the warm-up' : 'over the whole run'})`],
    ['latency', `p50 ${fmtMs(s.latencyMs.p50)}   p90 ${fmtMs(s.latencyMs.p90)}   p99 ${fmtMs(s.latencyMs.p99)}   max ${fmtMs(s.latencyMs.max)}`],
    ['status', classes],
    [
      'errors',
      `${fmtCount(s.errors)} connection   ${fmtCount(s.timeouts)} timeouts${
        Object.keys(s.errorCodes).length
          ? `   (${Object.entries(s.errorCodes)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')})`
          : ''
      }`,
    ],
    ['failed', `${fmtCount(s.failed)}  (${fmtPct(s.errorRate)})`],
  ];
  if (s.timeouts) rows.push(['timeouts', `${fmtCount(s.timeouts)} requests got no answer: counted in latency as the timeout, a lower bound`]);
  if (s.missed) rows.push(['missed', `${fmtCount(s.missed)} sends skipped: users were still waiting for answers (the service is saturated)`]);
  if (s.saturated) {
    const why = `${fmtCount(s.waited ?? 0)} sends found all ${fmtCount(s.connections ?? 0)} connections busy and waited (counted in their latency)`;
    const who = generatorBusy(s) ? 'the target, or this generator at its limit,' : 'the target';
    rows.push(['saturated', `${why}: ${who} cannot keep up with ${s.peakLevel} req/s`]);
  }
  if (s.stalls) {
    const stretches = s.stalls === 1 ? 'one brief stall' : `${s.stalls} brief stalls`;
    rows.push(['stalls', `${fmtCount(s.waited ?? 0)} sends waited for a connection (counted in their latency); ${stretches} the target recovered from`]);
  }
  if (s.dropped) rows.push(['dropped', `${fmtCount(s.dropped)} sends not made: too many requests were already waiting (not in requests)`]);
  if (s.warmup) rows.push(['warm-up', warmupText(s.warmup)]);
  if (s.latencyProbe?.requests) {
    const p90 = s.latencyProbe.p90Ms === undefined ? 'no answer' : `p90 ${fmtMs(s.latencyProbe.p90Ms)}`;
    rows.push(['probe', `${fmtCount(s.latencyProbe.requests)} requests before the start (${p90}) sized the connections; not in these figures`]);
  }
  if (generatorBusy(s)) {
    rows.push([
      'generator',
      `used ${fmtPct(s.generatorCpu ?? 0)} of a core: at its limit, so these figures are its own as much as the target's (split the load across processes or machines)`,
    ]);
  }
  if (s.offSchedule) rows.push(['late', `${fmtCount(s.offSchedule)} sends left more than 1 ms after their due time (the generator was busy)`]);
  rows.push(...sidesRows(s));
  return rows;
}

function warmupText(w: NonNullable<Summary['warmup']>): string {
  if (!w.excluded) return `the run ended within its ${w.seconds}s warm-up: these figures include it`;
  return `the first ${w.seconds}s (${fmtCount(w.requests)} requests, ${fmtCount(w.failed)} failed) are not in these figures`;
}

/** `width`: the terminal's, to wrap the figures to (none: whole lines). */
export function summaryTable(s: Summary, width?: number): string {
  const fit = (text: string, indent: string) => (width ? wrapText(text, width, indent) : text);
  const lines = [
    fit(`${style.bold('Summary')}  ${summaryHeadline(s)}`, '  '),
    ...table(['', ''], summaryRows(s), [], width ? width - 2 : Number.POSITIVE_INFINITY)
      .split('\n')
      .slice(1)
      .map((l) => `  ${l}`),
  ];
  for (const t of s.thresholds) lines.push(fit(`  ${t.ok ? style.green('✔') : style.red('✖')} threshold ${t.text}`, '    '));
  return lines.join('\n');
}

// `o11y load --report FILE.html`: the run as one self-contained page (charts, summary table,
// command line, versions) that opens from disk with no network: uPlot and the data are inlined,
// and its Content-Security-Policy lets it load nothing from anywhere.
import { createHash } from 'node:crypto';
import type { Summary } from '../summary.js';
import { fmtCount, fmtPct } from './format.js';
import { escapeHtml as e, jsonForScript } from './html-escape.js';
import { CHART_SCRIPT, reportCharts } from './report-charts.js';
import type { ReportAssets } from './report-assets.js';
import { summaryHeadline, summaryRows } from './summary-table.js';

export interface ReportMeta {
  /** The command as typed, e.g. ['load', '--users', '20']. */
  argv: string[];
  versions: { o11y: string; node: string; target?: string };
}

/** A section of the page: a heading and its (already escaped) HTML. */
export interface ReportSection {
  title: string;
  html: string;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.headline { color: #444; margin: 0 0 12px; }
pre { background: #f4f4f4; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; } td, th { padding: 3px 14px 3px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; color: #555; } #summary td { white-space: pre-wrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #2a7d2a; } .broken { color: #c62828; }
.chart { width: 100%; overflow: hidden; }
footer { margin-top: 32px; color: #777; font-size: 12px; }
`;

/** The command line as it could be typed again (arguments with spaces or quotes quoted). */
export function commandLine(argv: string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['o11y', ...argv.map(quote)].join(' ');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Under a chart: which of its seconds the summary leaves out (--warmup). */
function warmupHtml(s: Summary): string {
  if (!s.warmup?.excluded) return '';
  const which = s.warmup.seconds === 1 ? 'The first second is' : `Seconds 1-${s.warmup.seconds} are`;
  return `\n<p class="warmup">${which} the warm-up: charted here, left out of the summary.</p>`;
}

export function renderHtmlReport(s: Summary, meta: ReportMeta, assets: ReportAssets, extra: ReportSection[] = []): string {
  const data = jsonForScript(reportCharts(s));
  // Only these two scripts may run: an escaping slip elsewhere could not execute anything,
  // and no image, font, style sheet or fetch can leave the file.
  const csp = `default-src 'none'; script-src ${sha256(assets.js)} ${sha256(CHART_SCRIPT)}; style-src 'unsafe-inline'`;
  const sections: ReportSection[] = [
    { title: 'Summary', html: summaryHtml(s) },
    { title: 'Load per second: planned and achieved', html: `<div class="chart" id="chart-shape"></div>${warmupHtml(s)}` },
    { title: 'Latency per second', html: `<div class="chart" id="chart-latency"></div>${warmupHtml(s)}` },
    { title: 'Failed requests per second', html: `<div class="chart" id="chart-errors"></div>\n${failuresHtml(s)}` },
    // The client vs server comparison (a run against the lab) is in the summary's rows (sides-rows.ts).
    ...extra,
    { title: 'Command and versions', html: runHtml(s, meta) },
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`o11y load: ${s.method} ${s.target}`)}</title>
<style>${assets.css}</style>
<style>${STYLE}</style>
</head>
<body>
<h1>Load report</h1>
<p class="headline">${e(summaryHeadline(s))}</p>
${sections.map((x) => `<section><h2>${e(x.title)}</h2>\n${x.html}\n</section>`).join('\n')}
<footer>Written by o11y ${e(meta.versions.o11y)}. Charts: ${e(assets.notice)}.</footer>
<script type="application/json" id="report-data">${data}</script>
<script>${assets.js}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}

function summaryHtml(s: Summary): string {
  const rows = summaryRows(s).map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`);
  const thresholds = s.thresholds.map((t) => `<tr><th>threshold</th><td class="${t.ok ? 'ok' : 'broken'}">${t.ok ? '✔' : '✖'} ${e(t.text)}</td></tr>`);
  return `<table id="summary">\n${[...rows, ...thresholds].join('\n')}\n</table>`;
}

/** Failed requests by kind: status classes ≥ 400, timeouts, connection errors by code. */
function failuresHtml(s: Summary): string {
  if (s.failed === 0) return '<p>No request failed.</p>';
  const kinds: Array<[string, number]> = [
    ['4xx answers', s.statusClasses['4xx']],
    ['5xx answers', s.statusClasses['5xx']],
    ['timeouts (no answer within --timeout)', s.timeouts],
    ...Object.entries(s.errorCodes).map(([code, n]): [string, number] => [`connection error ${code}`, n]),
  ];
  const rows = kinds
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `<tr><td>${e(k)}</td><td class="n">${e(fmtCount(n))}</td><td class="n">${e(fmtPct(s.requests ? n / s.requests : 0))}</td></tr>`);
  return `<table id="failures">\n<tr><th>kind</th><th>requests</th><th>of all</th></tr>\n${rows.join('\n')}\n</table>`;
}

function runHtml(s: Summary, meta: ReportMeta): string {
  const rows: Array<[string, string]> = [
    ['started', s.startedAt],
    ['o11y', meta.versions.o11y],
    ['Node.js', meta.versions.node],
    ['target', meta.versions.target ?? 'unknown'],
  ];
  return `<pre><code>${e(commandLine(meta.argv))}</code></pre>
<table id="versions">\n${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('\n')}\n</table>`;
}

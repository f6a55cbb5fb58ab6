// Runs every panel query of the lab's dashboards on a real Prometheus, the way Grafana would
// send it (template variables, $__rate_interval, $__interval, $__range substituted), and says
// which panels would show "No data". Shared by test/grafana/queries.test.ts (Prometheus on
// loopback) and the Docker end-to-end test (the stack's own Prometheus).
import { parseDuration } from '../../cli/units.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { renderServiceFiles } from '../../cli/lab/render-files.js';

/** The part of Grafana's dashboard JSON this module reads. */
export interface DashboardJson {
  uid: string;
  title: string;
  panels?: PanelJson[];
  templating?: { list?: VariableJson[] };
}
export interface PanelJson {
  id?: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  targets?: TargetJson[];
  panels?: PanelJson[];
}
export interface TargetJson {
  refId?: string;
  expr?: string;
  instant?: boolean;
  range?: boolean;
  datasource?: { type?: string; uid?: string };
}
export interface VariableJson {
  name: string;
  type: string;
  includeAll?: boolean;
  allValue?: string;
  current?: { value?: string | string[] };
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  /** As written in the dashboard. */
  expr: string;
  instant: boolean;
}

/** Every target of every panel (rows' nested panels included), in dashboard order. */
export function panelQueries(dash: DashboardJson): PanelQuery[] {
  const panels = (dash.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  return panels.flatMap((panel) =>
    (panel.targets ?? []).map((t, i) => ({
      dashboard: dash.title,
      panel: panel.title,
      refId: t.refId ?? String(i),
      expr: t.expr ?? '',
      instant: t.instant === true && t.range !== true,
    })),
  );
}

export interface Substitution {
  /** Prometheus's scrape interval in seconds (the datasource's timeInterval). */
  scrapeIntervalSeconds: number;
  /** Length of the dashboard's time range in seconds. */
  rangeSeconds: number;
  /** Grafana's default: about one point per horizontal pixel, capped. */
  maxDataPoints?: number;
}

/** Grafana's interval arithmetic: $__interval from range/points (floored at the scrape interval), $__rate_interval = max($__interval + scrape, 4 * scrape). */
export function intervals(s: Substitution): { intervalSeconds: number; rateIntervalSeconds: number } {
  const intervalSeconds = Math.max(s.scrapeIntervalSeconds, Math.ceil(s.rangeSeconds / (s.maxDataPoints ?? 1000)));
  const rateIntervalSeconds = Math.max(intervalSeconds + s.scrapeIntervalSeconds, 4 * s.scrapeIntervalSeconds);
  return { intervalSeconds, rateIntervalSeconds };
}

/** The PromQL Grafana would send: variables at their current value ("All" as allValue), built-in intervals filled in. */
export function substitute(expr: string, dash: DashboardJson, s: Substitution): string {
  const { intervalSeconds, rateIntervalSeconds } = intervals(s);
  let out = expr
    .replaceAll('$__rate_interval', `${rateIntervalSeconds}s`)
    .replaceAll('$__interval_ms', String(intervalSeconds * 1000))
    .replaceAll('$__interval', `${intervalSeconds}s`)
    .replaceAll('$__range_s', String(Math.round(s.rangeSeconds)))
    .replaceAll('$__range', `${Math.round(s.rangeSeconds)}s`);
  for (const v of dash.templating?.list ?? []) {
    const current = v.current?.value;
    const values = Array.isArray(current) ? current : current === undefined ? [] : [current];
    const isAll = values.length === 0 || values.includes('$__all');
    const value = isAll ? (v.allValue ?? '.*') : values.length === 1 ? values[0] : `(${values.join('|')})`;
    out = out.replaceAll(`\${${v.name}}`, value).replaceAll(`$${v.name}`, value);
  }
  const left = /\$(\{?[A-Za-z_]\w*)/.exec(out);
  if (left) throw new Error(`${dash.title}: unsubstituted variable $${left[1]} in: ${expr}`);
  return out;
}

export type Verdict = 'data' | 'no data' | 'exempt';

export interface PanelQueryResult extends PanelQuery {
  /** The PromQL actually sent. */
  promql: string;
  verdict: Verdict;
  /** Series returned that have at least one number (NaN and ±Inf are not data: Grafana shows gaps). */
  seriesWithData: number;
  /** Why an empty result is accepted (exempt), or the Prometheus error. */
  note?: string;
}

export interface RunOptions extends Omit<Substitution, 'rangeSeconds'> {
  prometheusUrl: string;
  dashboards: DashboardJson[];
  /** Range queried (Unix seconds): the dashboard's time range, e.g. the load test's span. */
  start: number;
  end: number;
  /** cAdvisor is not running: its panels (container_* metrics) are expected empty and say so in the panel. */
  cadvisorEnabled: boolean;
  /** node-exporter is not running: its panels (node_* metrics) are expected empty and say so. Default: it runs. */
  nodeExporterEnabled?: boolean;
  /** Whether some alert was pending or firing during the range; if not, ALERTS-only panels may be empty. */
  alertsExpected: boolean;
}

/** Why an empty result is legitimate for this query, or undefined when it must have data. */
function exemption(expr: string, o: RunOptions): string | undefined {
  if (!o.cadvisorEnabled && /\bcontainer_[a-z_]+/.test(expr)) return 'cAdvisor disabled (the panel says so)';
  if (o.nodeExporterEnabled === false && /\bnode_[a-z_]+/.test(expr)) return 'node-exporter disabled (the panel says so)';
  // `count(ALERTS...) or vector(0)` always answers; a bare ALERTS query is empty while nothing is pending or firing.
  if (!o.alertsExpected && /\bALERTS\b/.test(expr) && !/or\s+vector\(/.test(expr)) return 'no alert pending or firing in the range';
  return undefined;
}

/** Executes every panel query as Grafana would (range queries, instant for instant targets). */
export async function runEveryPanelQuery(o: RunOptions): Promise<PanelQueryResult[]> {
  const results: PanelQueryResult[] = [];
  for (const dash of o.dashboards) {
    const sub: Substitution = { scrapeIntervalSeconds: o.scrapeIntervalSeconds, rangeSeconds: o.end - o.start, maxDataPoints: o.maxDataPoints };
    const step = intervals(sub).intervalSeconds;
    for (const q of panelQueries(dash)) {
      const promql = substitute(q.expr, dash, sub);
      const params = q.instant
        ? new URLSearchParams({ query: promql, time: String(o.end) })
        : new URLSearchParams({ query: promql, start: String(o.start), end: String(o.end), step: String(step) });
      const res = await fetch(`${o.prometheusUrl}/api/v1/${q.instant ? 'query' : 'query_range'}`, {
        method: 'POST', // what the provisioned datasource uses (httpMethod: POST)
        body: params,
      });
      const body = (await res.json()) as PromResponse;
      if (body.status !== 'success') {
        results.push({ ...q, promql, verdict: 'no data', seriesWithData: 0, note: `Prometheus error: ${body.error}` });
        continue;
      }
      const seriesWithData = body.data.result.filter((r) => (r.values ?? (r.value ? [r.value] : [])).some(([, v]) => Number.isFinite(Number(v)))).length;
      const exempt = seriesWithData === 0 ? exemption(q.expr, o) : undefined;
      results.push({ ...q, promql, seriesWithData, verdict: seriesWithData > 0 ? 'data' : exempt ? 'exempt' : 'no data', note: exempt });
    }
  }
  return results;
}

interface PromResponse {
  status: string;
  error?: string;
  data: { result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }> };
}

/** Throws one error naming every panel that would show "No data", with its query. */
export function assertEveryPanelHasData(results: PanelQueryResult[]): void {
  const empty = results.filter((r) => r.verdict === 'no data');
  if (empty.length === 0) return;
  const lines = empty.map((r) => `- ${r.dashboard} / "${r.panel}" (${r.refId}): ${r.note ?? 'no data'}\n    ${r.promql}`);
  throw new Error(`${empty.length} of ${results.length} panel queries return no data:\n${lines.join('\n')}`);
}

/** The dashboards exactly as `o11y up` renders them for this config. */
export function renderedDashboards(config: LabConfig): DashboardJson[] {
  return renderServiceFiles(config, {})
    .get('grafana')!
    .filter((f) => f.path.endsWith('.json'))
    .map((f) => JSON.parse(f.content) as DashboardJson);
}

/**
 * The whole check for a running lab: renders the dashboards from `config`, runs every panel
 * query over [start, end] on `prometheusUrl`, throws naming each panel without data.
 * Give the range the load ran in (at least 4 scrape intervals long) and say whether an alert
 * was pending or firing in it. Returns the per-query results for diagnostics.
 */
export async function checkEveryPanelHasData(o: {
  prometheusUrl: string;
  config: LabConfig;
  start: number;
  end: number;
  alertsExpected: boolean;
}): Promise<PanelQueryResult[]> {
  const results = await runEveryPanelQuery({
    prometheusUrl: o.prometheusUrl,
    dashboards: renderedDashboards(o.config),
    start: o.start,
    end: o.end,
    scrapeIntervalSeconds: parseDuration(o.config.scrapeInterval) / 1000,
    cadvisorEnabled: o.config.enabled.cadvisor,
    nodeExporterEnabled: o.config.enabled.nodeExporter,
    alertsExpected: o.alertsExpected,
  });
  assertEveryPanelHasData(results);
  return results;
}

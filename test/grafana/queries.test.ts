// Every dashboard panel shows data: the real gradebook service on a throwaway PostgreSQL, the
// real (Debian) postgres-exporter and a real Prometheus scraping them every second with the
// lab's alert rules, a short paced load beside a short `o11y load` run pushing its client metrics
// (remote write), then every panel query as Grafana would send it over the runs' time range.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import YAML from 'yaml';
import type { FastifyInstance } from 'fastify';
import { renderAlertFiles } from '../../cli/alerts/render.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { buildApp } from '../../server/app.js';
import { MetricsExporter } from '../../cli/load/export/metrics-exporter.js';
import { MetricsOutput } from '../../cli/load/outputs/metrics-output.js';
import { ServerSideOutput } from '../../cli/load/outputs/server-side-output.js';
import type { Summary } from '../../cli/load/summary.js';
import { rampThenHold } from '../../cli/load/plan.js';
import { startLoad } from '../../cli/load/run-load.js';
import { startProcess, type RunningProcess } from '../support/child-process.js';
import { summarySchemaErrors } from '../support/summary-schema.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { startTempPostgres, type TempPostgres } from '../support/postgres.js';
import { startTempPrometheus, type TempPrometheus } from '../support/prometheus.js';
import { httpOk } from '../support/ready-check.js';
import {
  assertEveryPanelHasData,
  checkEveryPanelHasData,
  renderedDashboards,
  runEveryPanelQuery,
  type DashboardJson,
  type PanelQueryResult,
} from '../support/panel-queries.js';

const EXPORTER_BIN = 'prometheus-postgres-exporter';
const NODE_EXPORTER_BIN = 'prometheus-node-exporter';
const LOAD_SECONDS = 8;
const LOAD_RPS = 25;
/** `o11y load`'s users beside the paced loop: the overview's Load row plots its series. */
const LOAD_USERS = 5;

/** The lab's config with 1 s scrapes and a request-rate alert our small load trips, so ALERTS has series. */
function testConfig(): LabConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.scrapeInterval = '1s';
  config.evaluationInterval = '1s';
  // 25 req/s for 8 s is ~6 req/s over 30 s: well above 2 from the 3rd second of load until past the end.
  config.alerts.requestRate = { threshold: 2, window: '30s', for: '2s' };
  return config;
}

const config = testConfig();
let pg: TempPostgres | undefined;
let app: FastifyInstance | undefined;
const exporters: RunningProcess[] = [];
let prom: TempPrometheus | undefined;
let results: PanelQueryResult[] = [];
let alertRuleCount = 0;
let labSummary: Summary | undefined;
let start = 0;
let end = 0;

/** Starts a real exporter on a free loopback port; resolves to its scrape target. */
async function startExporter(bin: string, pkg: string, env: Record<string, string> = {}, args: string[] = []): Promise<string> {
  const port = await freePort();
  const proc = await startProcess([bin, `--web.listen-address=127.0.0.1:${port}`, ...args], {
    env,
    ready: httpOk(`http://127.0.0.1:${port}/metrics`),
    readyTimeoutMs: 20_000,
  }).catch((err: Error) => {
    throw /cannot start/.test(err.message) ? new Error(`${err.message}. Install it: apt-get install ${pkg}`) : err;
  });
  exporters.push(proc);
  return `127.0.0.1:${port}`;
}

/** A bounded, paced loop: LOAD_RPS requests/s for LOAD_SECONDS, mostly GET /students/, some writes and 404s. */
async function paceLoad(base: string): Promise<{ sent: number; statuses: Record<string, number> }> {
  const statuses: Record<string, number> = {};
  const total = LOAD_SECONDS * LOAD_RPS;
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / LOAD_RPS;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const kind = i % 10;
    const req =
      kind === 0
        ? fetch(`${base}/students/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Student ${i}` }) })
        : kind === 1
          ? fetch(`${base}/students/987654`)
          : fetch(`${base}/students/`);
    inFlight.push(
      req.then(async (res) => {
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(inFlight);
  return { sent: total, statuses };
}

function scrapeConfig(appTarget: string, exporterTarget: string, nodeTarget: string, promTarget?: string): string {
  return YAML.stringify({
    global: { scrape_interval: config.scrapeInterval, evaluation_interval: config.evaluationInterval },
    rule_files: ['alerts.yml'],
    scrape_configs: [
      { job_name: 'app', static_configs: [{ targets: [appTarget] }] },
      { job_name: 'postgres', static_configs: [{ targets: [exporterTarget] }] },
      { job_name: 'node', static_configs: [{ targets: [nodeTarget] }] },
      ...(promTarget ? [{ job_name: 'prometheus', static_configs: [{ targets: [promTarget] }] }] : []),
    ],
  });
}

describe('dashboard queries against real data', { timeout: 150_000 }, () => {
  before(async () => {
    pg = await startTempPostgres();
    app = await buildApp({ databaseUrl: pg.url, seed: 'sample' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const appTarget = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const exporterTarget = await startExporter(EXPORTER_BIN, 'prometheus-postgres-exporter', { DATA_SOURCE_NAME: `${pg.url}?sslmode=disable` });
    // The host's own: the same binary the local node-exporter image runs, without the /host paths.
    const nodeTarget = await startExporter(NODE_EXPORTER_BIN, 'prometheus-node-exporter');

    const rules = renderAlertFiles(config, {}).find((f) => f.path === 'prometheus/alerts.yml');
    assert.ok(rules, 'renderAlertFiles renders prometheus/alerts.yml');
    const parsed = YAML.parse(rules.content) as { groups?: Array<{ rules?: unknown[] }> };
    alertRuleCount = (parsed.groups ?? []).reduce((n, g) => n + (g.rules?.length ?? 0), 0);

    // The helper picks Prometheus's port at start, so the self-scrape job is added after it,
    // with a config reload through the lifecycle API.
    prom = await startTempPrometheus(scrapeConfig(appTarget, exporterTarget, nodeTarget), { 'alerts.yml': rules.content });
    writeFileSync(path.join(prom.dir, 'prometheus.yml'), scrapeConfig(appTarget, exporterTarget, nodeTarget, new URL(prom.url).host));
    assert.ok((await fetch(`${prom.url}/-/reload`, { method: 'POST' })).ok, 'prometheus reloads its config');

    await eventually('all four scrape targets up', async () => (await prom!.query('up')).length === 4 && (await prom!.query('up == 1')).length === 4, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    start = Math.floor(Date.now() / 1000) - 2;
    const exporter = new MetricsExporter({ prometheusUrl: prom.url, users: true });
    assert.match(await exporter.start(), /pushed to Prometheus/);
    const run = startLoad({
      mode: 'users',
      plan: rampThenHold(LOAD_USERS, 0, LOAD_SECONDS * 1000),
      target: { origin: `http://${appTarget}`, path: '/students/', method: 'GET', timeoutMs: 5000 },
      outputs: [new MetricsOutput({ exporter }), new ServerSideOutput({ exporter, prometheusUrl: prom.url, scrapeIntervalS: 1 })],
    });
    const [load, summary] = await Promise.all([paceLoad(`http://${appTarget}`), run.done]);
    labSummary = summary;
    assert.equal(load.sent, LOAD_SECONDS * LOAD_RPS);
    assert.equal(summary.clientMetrics?.failed, 0, 'every push of the o11y load run got through');
    // Let the last scrapes and rule evaluations land (scrape and evaluation every second).
    await new Promise((r) => setTimeout(r, 4000));
    end = Math.floor(Date.now() / 1000);

    results = await runEveryPanelQuery({
      prometheusUrl: prom.url,
      dashboards: renderedDashboards(config),
      start,
      end,
      scrapeIntervalSeconds: 1,
      cadvisorEnabled: config.enabled.cadvisor,
      alertsExpected: alertRuleCount > 0,
    });
  });

  after(async () => {
    await app?.close().catch(() => undefined);
    for (const exporter of exporters) await exporter.stop();
    await prom?.stop();
    pg?.destroy();
  });

  test("a run against the lab (client metrics pushed, the server's side read back) keeps the --json schema", () => {
    assert.ok(labSummary?.clientMetrics, 'the summary says where its client metrics went');
    assert.ok(labSummary.sides, `no client/server comparison: ${labSummary.clientMetrics.noComparison ?? ''}`);
    assert.deepEqual(summarySchemaErrors(labSummary), []);
  });

  test('every panel of every dashboard returns data after a short load', (t) => {
    for (const r of results) t.diagnostic(`${r.verdict.padEnd(7)} ${String(r.seriesWithData).padStart(3)} series  ${r.dashboard} / ${r.panel} (${r.refId})`);
    assert.ok(results.length >= 40, `expected all panel queries to run, got ${results.length}`);
    assertEveryPanelHasData(results);
  });

  test("checkEveryPanelHasData, the end-to-end test's entry point, passes on the same data", async () => {
    const again = await checkEveryPanelHasData({ prometheusUrl: prom!.url, config, start, end, alertsExpected: true });
    assert.equal(again.length, results.length);
  });

  test("the Load row plots the o11y load run's own series, client beside server", () => {
    const row = results.filter((r) => r.promql.includes('o11y_load_'));
    assert.ok(row.length >= 8, `expected the Load row's client queries, got ${row.length}`);
    for (const r of row) assert.equal(r.verdict, 'data', `${r.panel} (${r.refId}): ${r.promql}`);
  });

  test('the lab alert rules are loaded, so the alert panels are checked too, not exempted', () => {
    assert.ok(alertRuleCount >= 3, `renderAlertFiles should render the lab's rules; got ${alertRuleCount}`);
    const alertPanels = results.filter((r) => /\bALERTS\b/.test(r.expr));
    assert.ok(alertPanels.length >= 3);
    for (const r of alertPanels) assert.equal(r.verdict, 'data', `${r.dashboard} / ${r.panel}: the HighRequestRate alert was pending or firing`);
  });

  test('only the cAdvisor panels are exempt while cAdvisor is off', () => {
    const exempt = results.filter((r) => r.verdict === 'exempt');
    assert.deepEqual(
      exempt.map((r) => r.panel),
      ['PostgreSQL container CPU', 'PostgreSQL container memory'],
    );
  });

  test('a panel whose query has no data fails, naming the panel', async () => {
    const broken: DashboardJson = {
      uid: 'x',
      title: 'Broken',
      panels: [{ type: 'timeseries', title: 'Misspelt metric', targets: [{ refId: 'A', expr: 'rate(http_request_totl{job="app"}[$__rate_interval])' }] }],
    };
    const now = Math.floor(Date.now() / 1000);
    const res = await runEveryPanelQuery({
      prometheusUrl: prom!.url,
      dashboards: [broken],
      start: now - 30,
      end: now,
      scrapeIntervalSeconds: 1,
      cadvisorEnabled: false,
      alertsExpected: true,
    });
    assert.throws(() => assertEveryPanelHasData(res), /Broken \/ "Misspelt metric" \(A\)/);
  });
});

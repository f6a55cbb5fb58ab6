// The dashboards as Grafana loads them: committed JSON that is importable as is (pinned uids,
// every query on the provisioned Prometheus uid, no `${DS_...}` inputs) and in step with the
// typed builders that render them from o11y.yaml.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { DASHBOARD_KEYS, DASHBOARDS, PROMETHEUS_DATASOURCE_UID } from '../../cli/grafana/catalog.js';
import { buildDashboards, dashboardFileContent } from '../../cli/grafana/dashboards/index.js';
import { renderServiceFiles } from '../../cli/lab/render-files.js';
import { panelQueries, substitute, type DashboardJson, type PanelJson } from '../support/panel-queries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const committedDir = path.join(root, 'grafana', 'dashboards');
const committed = readdirSync(committedDir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, text: readFileSync(path.join(committedDir, file), 'utf8') }));

function allPanels(d: DashboardJson): PanelJson[] {
  return (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}

describe('committed dashboards (grafana/dashboards/*.json)', () => {
  test('there is one file per lab dashboard, and nothing else', () => {
    assert.deepEqual(committed.map((c) => c.file).sort(), DASHBOARD_KEYS.map((k) => DASHBOARDS[k].file).sort());
  });

  test('are what the builders produce with the default config (run `node --import tsx grafana/generate.ts` after changing them)', () => {
    for (const { entry, json } of buildDashboards(DEFAULT_CONFIG)) {
      const file = committed.find((c) => c.file === entry.file);
      assert.equal(file?.text, dashboardFileContent(json), `grafana/dashboards/${entry.file} is stale`);
    }
  });

  for (const { file, text } of committed) {
    describe(file, () => {
      const dash = JSON.parse(text) as DashboardJson & Record<string, unknown>;

      test('has its pinned uid, a title, no numeric id and no import inputs', () => {
        const entry = Object.values(DASHBOARDS).find((d) => d.file === file)!;
        assert.equal(dash.uid, entry.uid);
        assert.equal(dash.title, entry.title);
        assert.ok(!('id' in dash) || dash.id === null, 'a numeric id would clash between Grafana instances');
        assert.ok(!('__inputs' in dash) && !('__requires' in dash), 'exported-for-sharing JSON is not provisionable');
        assert.doesNotMatch(text, /\$\{DS_/, 'a $' + '{DS_...} placeholder is never filled in by file provisioning');
      });

      test('every panel has a title and a unique id; every non-row, non-text panel has targets', () => {
        const panels = allPanels(dash);
        assert.ok(panels.length >= 8);
        const ids = panels.map((p) => p.id);
        assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
        for (const p of panels) {
          assert.ok(p.title, `a ${p.type} panel has no title`);
          if (p.type === 'row' || p.type === 'text') continue;
          assert.ok(p.targets?.length, `"${p.title}" has no query`);
        }
      });

      test('every panel and every query uses the provisioned Prometheus datasource uid', () => {
        for (const p of allPanels(dash)) {
          if (p.type === 'row' || p.type === 'text') continue;
          assert.deepEqual(p.datasource, { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID }, `panel "${p.title}"`);
          for (const t of p.targets ?? []) {
            assert.deepEqual(t.datasource, { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID }, `"${p.title}" ${t.refId}`);
            assert.ok(t.refId, `"${p.title}" has a target without refId`);
          }
          const refIds = (p.targets ?? []).map((t) => t.refId);
          assert.equal(new Set(refIds).size, refIds.length, `"${p.title}" refIds are unique`);
        }
        for (const v of dash.templating?.list ?? []) {
          assert.deepEqual((v as unknown as { datasource: unknown }).datasource, { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID });
        }
      });

      test("queries plot rates, not raw cumulative counters, and never select on the exporter's `server` label", () => {
        for (const q of panelQueries(dash)) {
          // Every counter (…_total, pg_stat_database_* except numbackends/size) must sit inside rate().
          const counters = q.expr.match(/\b(\w+_total|pg_stat_database_(?:xact_\w+|blks_\w+|tup_\w+|deadlocks)|container_cpu_usage_seconds_total)\b/g) ?? [];
          for (const c of counters) {
            assert.match(q.expr, new RegExp(`(rate|increase)\\(${c}\\b`), `"${q.panel}" plots ${c} without rate(): ${q.expr}`);
          }
          assert.doesNotMatch(q.expr, /\bserver\s*(=|!=|=~|!~)/, `"${q.panel}" selects on server`);
          assert.doesNotMatch(q.expr, /\ble\s*=~?\s*"/, `"${q.panel}" selects on a literal le`);
        }
      });

      test("every query is valid after Grafana's substitutions (no variable left over)", () => {
        for (const q of panelQueries(dash)) {
          const promql = substitute(q.expr, dash, { scrapeIntervalSeconds: 5, rangeSeconds: 900 });
          assert.doesNotMatch(promql, /\$/, `"${q.panel}": ${promql}`);
        }
      });
    });
  }

  test('dashboard uids are unique', () => {
    const uids = committed.map((c) => (JSON.parse(c.text) as DashboardJson).uid);
    assert.equal(new Set(uids).size, uids.length);
  });
});

describe('rendered dashboards follow o11y.yaml', () => {
  function renderedDashboard(config: LabConfig, file: string): string {
    const f = renderServiceFiles(config, {})
      .get('grafana')!
      .find((r) => r.path === `grafana/dashboards/${file}`);
    assert.ok(f, `grafana/dashboards/${file} rendered`);
    return f.content;
  }
  function thresholdsOf(text: string, title: string): number[] {
    const panel = allPanels(JSON.parse(text) as DashboardJson).find((p) => p.title === title) as unknown as {
      fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } };
    };
    return panel.fieldConfig.defaults.thresholds.steps.map((s) => s.value).filter((v): v is number => v !== null);
  }

  test('alert thresholds from config are drawn on the panels', () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.alerts.requestRate.threshold = 250;
    config.alerts.latencyP99.threshold = 0.2;
    config.alerts.errorRatio.threshold = 0.1;
    const service = renderedDashboard(config, 'service.json');
    assert.deepEqual(thresholdsOf(service, 'Requests per second'), [250]);
    assert.deepEqual(thresholdsOf(service, 'Latency p50 / p90 / p99 (all routes)'), [0.2]);
    assert.deepEqual(thresholdsOf(service, 'Error ratio (5xx)'), [0.1]);
    const overview = renderedDashboard(config, 'overview.json');
    assert.deepEqual(thresholdsOf(overview, 'Load: requests per second'), [250]);
    assert.deepEqual(thresholdsOf(overview, 'Latency of GET /students/'), [0.2]);
  });

  test("the cAdvisor panels select the project's PostgreSQL container, and say so when cAdvisor is off", () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.project = 'class7';
    const off = renderedDashboard(config, 'postgres.json');
    assert.match(off, /container_cpu_usage_seconds_total\{name=\\"class7-postgres\\"\}/);
    assert.match(off, /container_memory_working_set_bytes\{name=\\"class7-postgres\\"\}/);
    assert.doesNotMatch(off, /process_cpu_seconds_total\{job=\\"postgres\\"/, "never the exporter's own process");
    const offPanel = allPanels(JSON.parse(off) as DashboardJson).find((p) => p.title === 'PostgreSQL container CPU')!;
    assert.match(offPanel.description ?? '', /enabled\.cadvisor: true/);

    config.enabled.cadvisor = true;
    const on = allPanels(JSON.parse(renderedDashboard(config, 'postgres.json')) as DashboardJson).find((p) => p.title === 'PostgreSQL container CPU')!;
    assert.doesNotMatch(on.description ?? '', /cAdvisor is off/);
  });
});

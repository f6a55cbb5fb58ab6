// Grafana's provisioning files as Grafana 11 reads them (no Grafana can run here, so the shape is
// checked against its documented provisioning format), and wired to the stack: the paths the
// stack mounts, the services' names and ports, the scrape interval.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import YAML from 'yaml';
import { DEFAULT_CONFIG, enabledServices } from '../../cli/services/index.js';
import { renderServiceFiles } from '../../cli/lab/render-files.js';
import { ALERTMANAGER_DATASOURCE_UID, DASHBOARD_FOLDER, PROMETHEUS_DATASOURCE_UID } from '../../cli/grafana/catalog.js';
import { dashboardLinks } from '../../cli/grafana/links.js';
import { DASHBOARD_PROVIDER_FILE, DATASOURCES_FILE } from '../../cli/grafana/render.js';
import { buildStack } from '../../cli/lab/build-stack.js';

// Keys Grafana's datasource provisioning accepts (pkg/services/provisioning/datasources/types.go, apiVersion 1).
const DATASOURCE_KEYS = new Set([
  'name',
  'type',
  'uid',
  'access',
  'orgId',
  'url',
  'user',
  'database',
  'basicAuth',
  'basicAuthUser',
  'withCredentials',
  'isDefault',
  'jsonData',
  'secureJsonData',
  'version',
  'editable',
]);
const DATASOURCES_FILE_KEYS = new Set(['apiVersion', 'datasources', 'deleteDatasources', 'prune']);
// Dashboard provider keys (pkg/services/provisioning/dashboards/types.go).
const PROVIDER_KEYS = new Set([
  'name',
  'orgId',
  'folder',
  'folderUid',
  'type',
  'disableDeletion',
  'editable',
  'allowUiUpdates',
  'updateIntervalSeconds',
  'options',
]);

const config = structuredClone(DEFAULT_CONFIG);
config.scrapeInterval = '7s';
const files = renderServiceFiles(config, {}).get('grafana')!;
const fileAt = (p: string) => {
  const f = files.find((x) => x.path === p);
  assert.ok(f, `${p} is rendered`);
  return f;
};
const stack = buildStack({
  config,
  services: enabledServices(config),
  images: { prometheus: 'p', alertmanager: 'a', grafana: 'g' },
  hashes: { app: '', prometheus: '', alertmanager: '', grafana: '' },
});
const grafana = stack.services.find((s) => s.name === 'grafana')!;
/** Where the stack mounts a rendered path inside the Grafana container. */
function containerPath(renderedPath: string): string | undefined {
  for (const m of grafana.mounts) {
    if (m.kind !== 'state') continue;
    const source = m.source.replace(/^config\//, '');
    if (renderedPath.startsWith(source + '/')) return m.target + renderedPath.slice(source.length);
  }
  return undefined;
}
function serviceUrl(name: string): string {
  const s = stack.services.find((x) => x.name === name)!;
  return `http://${name}:${s.ports[0].container}`;
}

describe('rendered Grafana files', () => {
  test('are the provisioning folders and dashboards, all inside what the stack mounts into Grafana', () => {
    for (const f of files) {
      assert.match(f.path, /^grafana\/(provisioning\/(datasources|dashboards)\/[\w-]+\.yml|dashboards\/[\w-]+\.json)$/);
      assert.ok(containerPath(f.path), `${f.path} is under a Grafana mount`);
      assert.equal(f.mode ?? 0o644, 0o644, 'no secret in these files: world-readable so Grafana (uid 472) reads them');
    }
    assert.equal(containerPath(DATASOURCES_FILE), '/etc/grafana/provisioning/datasources/o11y.yml');
  });

  describe('datasources', () => {
    const doc = YAML.parse(fileAt(DATASOURCES_FILE).content) as Record<string, unknown> & {
      datasources: Array<Record<string, unknown> & { jsonData: Record<string, unknown> }>;
    };

    test("have the shape Grafana's provisioning reads (apiVersion 1, known keys, prune)", () => {
      assert.equal(doc.apiVersion, 1);
      for (const key of Object.keys(doc)) assert.ok(DATASOURCES_FILE_KEYS.has(key), `unknown top-level key ${key}`);
      assert.equal(doc.prune, true);
      assert.ok(Array.isArray(doc.datasources) && doc.datasources.length === 2);
      for (const ds of doc.datasources) {
        for (const key of Object.keys(ds)) assert.ok(DATASOURCE_KEYS.has(key), `${ds.name}: unknown key ${key}`);
        for (const key of ['name', 'type', 'uid', 'url']) assert.equal(typeof ds[key], 'string', `${ds.name}.${key}`);
        assert.equal(ds.access, 'proxy', "the browser cannot reach the lab network: Grafana's server proxies");
        assert.match(ds.uid as string, /^[a-zA-Z0-9_-]{1,40}$/, 'Grafana uids: at most 40 of [a-zA-Z0-9-_]');
        assert.equal(typeof ds.jsonData, 'object');
      }
      assert.equal(new Set(doc.datasources.map((d) => d.uid)).size, 2);
      assert.equal(doc.datasources.filter((d) => d.isDefault === true).length, 1, 'exactly one default');
    });

    test("Prometheus: fixed uid, the stack's service, POST, timeInterval = scrape interval, alert management on", () => {
      const p = doc.datasources.find((d) => d.type === 'prometheus')!;
      assert.equal(p.uid, PROMETHEUS_DATASOURCE_UID);
      assert.equal(p.url, serviceUrl('prometheus'));
      assert.equal(p.isDefault, true);
      assert.equal(p.jsonData.httpMethod, 'POST');
      assert.equal(p.jsonData.timeInterval, '7s');
      assert.equal(p.jsonData.manageAlerts, true);
      assert.equal(p.jsonData.alertmanagerUid, ALERTMANAGER_DATASOURCE_UID);
    });

    test("Alertmanager: fixed uid, the stack's service, Prometheus implementation", () => {
      const a = doc.datasources.find((d) => d.type === 'alertmanager')!;
      assert.equal(a.uid, ALERTMANAGER_DATASOURCE_UID);
      assert.equal(a.url, serviceUrl('alertmanager'));
      assert.equal(a.jsonData.implementation, 'prometheus');
    });
  });

  describe('dashboard provider', () => {
    const doc = YAML.parse(fileAt(DASHBOARD_PROVIDER_FILE).content) as {
      apiVersion: number;
      providers: Array<Record<string, unknown> & { options: { path: string } }>;
    };

    test("has the shape Grafana's provisioning reads: one file provider, one folder", () => {
      assert.equal(doc.apiVersion, 1);
      assert.equal(doc.providers.length, 1);
      const p = doc.providers[0];
      for (const key of Object.keys(p)) assert.ok(PROVIDER_KEYS.has(key), `unknown provider key ${key}`);
      assert.equal(p.type, 'file');
      assert.equal(typeof p.name, 'string');
      assert.equal(p.folder, DASHBOARD_FOLDER.title);
      assert.equal(p.folderUid, DASHBOARD_FOLDER.uid);
      assert.equal(typeof p.updateIntervalSeconds, 'number');
    });

    test('points at the folder where the stack mounts the rendered dashboards', () => {
      const dashboards = files.filter((f) => f.path.endsWith('.json'));
      assert.equal(dashboards.length, 3);
      for (const d of dashboards) assert.equal(containerPath(d.path), `${doc.providers[0].options.path}/${d.path.split('/').pop()}`);
    });
  });

  test('dashboard links point at the published Grafana port, overview first', () => {
    const c = structuredClone(DEFAULT_CONFIG);
    c.ports.grafana = 3300;
    c.bindAddress = '0.0.0.0';
    assert.deepEqual(
      dashboardLinks(c).map((l) => l.url),
      ['http://127.0.0.1:3300/d/o11y-overview', 'http://127.0.0.1:3300/d/o11y-service', 'http://127.0.0.1:3300/d/o11y-postgres'],
    );
  });
});

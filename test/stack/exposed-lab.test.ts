// What an exposed lab renders, without Docker: the web config Prometheus and Alertmanager read
// (checked by Debian's promtool and by bcrypt), the clients that must send the login (Prometheus'
// own scrapes and alerting, Grafana's datasources), the password files copied into containers,
// and the addresses each service is published on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import bcrypt from 'bcryptjs';
import YAML from 'yaml';
import type { LabConfig } from '../../cli/config/schema.js';
import { containerPlan } from '../../cli/lab/container-spec.js';
import { renderCompose } from '../../cli/lab/compose.js';
import { exposure } from '../../cli/lab/exposure-table.js';
import { renderServiceFiles } from '../../cli/lab/render-files.js';
import { SECRETS, testConfig, testStack } from '../support/stack-fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-exposed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const exposed = (change: (c: LabConfig) => void = () => {}) =>
  testConfig((c) => {
    c.bindAddress = '0.0.0.0';
    change(c);
  });

/** promtool's whole say (check web-config answers on stderr); throws when it fails. */
function promtool(...args: string[]): string {
  const r = spawnSync('promtool', args, { encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('promtool is missing: install it with `apt-get install prometheus`');
  if (r.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

const file = (config: LabConfig, service: string, name: string) =>
  renderServiceFiles(config, SECRETS)
    .get(service)
    ?.find((f) => f.path === `${service}/${name}`);
const service = (config: LabConfig, name: string) => testStack(config).stack.services.find((s) => s.name === name)!;

describe('the web config of an exposed lab', () => {
  for (const name of ['prometheus', 'alertmanager']) {
    it(`${name}: one user, o11y, whose bcrypt hash takes webPassword and nothing else; promtool accepts the file`, () => {
      const web = file(exposed(), name, 'web.yml');
      assert.ok(web, `${name}/web.yml is rendered`);
      const users = YAML.parse(web.content).basic_auth_users as Record<string, string>;
      assert.deepEqual(Object.keys(users), ['o11y']);
      assert.ok(bcrypt.compareSync(SECRETS.webPassword, users.o11y), 'the hash takes the password');
      assert.ok(!bcrypt.compareSync(`${SECRETS.webPassword}x`, users.o11y), 'and refuses another');
      assert.ok(!web.content.includes(SECRETS.webPassword), 'the password itself is not in the file');
      // Readable by the image's user (nobody) whatever the umask: writeRenderedFiles applies this mode.
      assert.equal(web.mode ?? 0o644, 0o644);
      const at = path.join(dir, `${name}-web.yml`);
      writeFileSync(at, web.content);
      assert.match(promtool('check', 'web-config', at), /SUCCESS/);
    });
  }

  it('renders the same file twice (a new salt each time would recreate both containers on every up)', () => {
    assert.equal(file(exposed(), 'prometheus', 'web.yml')?.content, file(exposed(), 'prometheus', 'web.yml')?.content);
  });

  it('is not rendered, and no flag reads it, on 127.0.0.1 (the default lab is unchanged)', () => {
    for (const name of ['prometheus', 'alertmanager']) {
      assert.equal(file(testConfig(), name, 'web.yml'), undefined);
      assert.ok(!service(testConfig(), name).command?.some((a) => a.startsWith('--web.config.file')));
      assert.deepEqual(service(testConfig(), name).health.test.slice(0, 2), ['CMD', 'wget']);
    }
  });

  it('is read by both services when exposed, and their health check expects the login to be asked for', () => {
    for (const [name, dirIn] of [
      ['prometheus', '/etc/prometheus'],
      ['alertmanager', '/etc/alertmanager'],
    ]) {
      const s = service(exposed(), name);
      assert.ok(s.command?.includes(`--web.config.file=${dirIn}/web.yml`), `${name}: ${s.command}`);
      assert.ok(s.mounts.some((m) => m.kind === 'state' && m.source === `config/${name}` && m.target === dirIn));
      assert.match(s.health.test.join(' '), /401 Unauthorized/);
    }
  });
});

describe("the login's clients in an exposed lab", () => {
  it('prometheus.yml sends it to Prometheus itself and to Alertmanager (scrape and alerting), from a password file; promtool accepts it', () => {
    const prom = YAML.parse(file(exposed(), 'prometheus', 'prometheus.yml')!.content);
    const auth = { username: 'o11y', password_file: '/run/secrets/web-password' };
    const byJob = Object.fromEntries(prom.scrape_configs.map((j: { job_name: string; basic_auth?: unknown }) => [j.job_name, j.basic_auth]));
    assert.deepEqual(byJob, { app: undefined, postgres: undefined, prometheus: auth, alertmanager: auth, node: undefined });
    assert.deepEqual(prom.alerting.alertmanagers[0].basic_auth, auth);
    // Checked with the password file and the rules where promtool can find them.
    writeFileSync(path.join(dir, 'web-password'), SECRETS.webPassword);
    writeFileSync(path.join(dir, 'alerts.yml'), file(exposed(), 'prometheus', 'alerts.yml')!.content);
    const text = YAML.stringify(prom)
      .replaceAll('/run/secrets/web-password', path.join(dir, 'web-password'))
      .replace('/etc/prometheus/alerts.yml', path.join(dir, 'alerts.yml'));
    writeFileSync(path.join(dir, 'prometheus.yml'), text);
    assert.match(promtool('check', 'config', path.join(dir, 'prometheus.yml')), /SUCCESS/);
    assert.ok(!file(exposed(), 'prometheus', 'prometheus.yml')!.content.includes(SECRETS.webPassword));
  });

  it("Grafana's datasources send it, the password read from its file by Grafana (secureJsonData)", () => {
    const ds = YAML.parse(file(exposed(), 'grafana', 'provisioning/datasources/o11y.yml')!.content).datasources as Array<Record<string, unknown>>;
    for (const d of ds) {
      assert.equal(d.basicAuth, true, String(d.name));
      assert.equal(d.basicAuthUser, 'o11y');
      assert.deepEqual(d.secureJsonData, { basicAuthPassword: '$__file{/run/secrets/web-password}' });
    }
    const plain = YAML.parse(file(testConfig(), 'grafana', 'provisioning/datasources/o11y.yml')!.content).datasources as Array<Record<string, unknown>>;
    assert.ok(plain.every((d) => d.basicAuth === undefined && d.secureJsonData === undefined));
  });

  it('copies the password file into Prometheus and Grafana, for their own users (nobody, 472), 0400 by copyFilesIn', () => {
    const { stack } = testStack(exposed());
    for (const [name, uid] of [
      ['prometheus', 65534],
      ['grafana', 472],
    ] as const) {
      const plan = containerPlan(stack, stack.services.find((s) => s.name === name)!, dir, SECRETS);
      const f = plan.secretFiles.find((x) => x.path === '/run/secrets/web-password');
      assert.ok(f, `${name} gets the file`);
      assert.equal(f.content, SECRETS.webPassword);
      assert.equal(f.uid, uid);
      assert.ok(!JSON.stringify(plan.options).includes(SECRETS.webPassword), 'not in the create options (docker inspect)');
    }
    const quiet = testStack(testConfig()).stack;
    assert.equal(containerPlan(quiet, quiet.services.find((s) => s.name === 'prometheus')!, dir, SECRETS).secretFiles.length, 0);
  });

  it('compose gives the same file from .env, never in compose.yaml', () => {
    const { stack } = testStack(exposed());
    const [compose, env] = renderCompose(stack, SECRETS);
    const doc = YAML.parse(compose.content);
    assert.deepEqual(doc.secrets, { O11Y_WEB_PASSWORD: { environment: 'O11Y_WEB_PASSWORD' } });
    assert.equal(doc.services.prometheus.secrets[0].target, '/run/secrets/web-password');
    assert.ok(!compose.content.includes(SECRETS.webPassword));
    assert.match(env.content, new RegExp(`^O11Y_WEB_PASSWORD=${SECRETS.webPassword}$`, 'm'));
  });
});

describe('where an exposed lab publishes each service', () => {
  const published = (config: LabConfig) => Object.fromEntries(testStack(config).stack.services.map((s) => [s.name, s.ports[0].hostIp]));

  it('PostgreSQL and the exporters on the loopback, the rest on the exposed address', () => {
    assert.deepEqual(published(exposed((c) => (c.bindAddress = '127.0.0.2'))), {
      postgres: '127.0.0.1',
      app: '127.0.0.2',
      'postgres-exporter': '127.0.0.1',
      alertmanager: '127.0.0.2',
      prometheus: '127.0.0.2',
      grafana: '127.0.0.2',
      'node-exporter': '127.0.0.1',
    });
    assert.equal(published(exposed((c) => (c.bindAddress = '::'))).postgres, '::1');
  });

  it('one of them on the exposed address when exposeAlso lists it', () => {
    const p = published(exposed((c) => (c.exposeAlso = ['postgres'])));
    assert.equal(p.postgres, '0.0.0.0');
    assert.equal(p['node-exporter'], '127.0.0.1');
  });

  it('everything on 127.0.0.1 by default, as before', () => {
    assert.ok(Object.values(published(testConfig())).every((ip) => ip === '127.0.0.1'));
  });
});

describe('the exposure table', () => {
  const file = '/lab/.o11y/secrets.yaml';
  const row = (service: string, hostIp: string, port: number, webConfig = false) => ({ service, hostIp, port, webConfig });

  it('lists what other machines reach with its login (where the password is, never the password)', () => {
    const e = exposure(
      [row('app', '0.0.0.0', 8000), row('prometheus', '0.0.0.0', 9090, true), row('grafana', '0.0.0.0', 3000), row('postgres', '127.0.0.1', 5432)],
      file,
    );
    assert.ok(e);
    assert.deepEqual(
      e.rows.map((r) => r[0]),
      ['app', 'prometheus', 'grafana'],
    );
    assert.match(e.rows[1][2], /^o11y, password: webPassword in \/lab\/\.o11y\/secrets\.yaml$/);
    assert.match(e.rows[2][2], /viewer, read-only/);
    assert.deepEqual(e.localOnly, ['postgres']);
    assert.deepEqual(e.unguarded, []);
  });

  it('names a Prometheus or Alertmanager reachable without its web config', () => {
    assert.deepEqual(exposure([row('alertmanager', '127.0.0.2', 9093, false)], file)?.unguarded, ['alertmanager']);
  });

  it('is nothing when everything is on the loopback', () => {
    assert.equal(exposure([row('prometheus', '127.0.0.1', 9090), row('app', '::1', 8000)], file), undefined);
  });
});

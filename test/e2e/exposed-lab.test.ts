// One exposed lab on Docker, end to end: an ordinary user (umask 077) runs `o11y up --expose
// 127.0.0.2` (a loopback alias standing in for a network address; never this machine's real
// ones). Without the login, reading Prometheus' API, writing a series by remote write and
// posting an alert to Alertmanager are each refused with 401, and no message reaches the fake
// Telegram; through our CLI, with the login from the secrets file, status, alerts, the load's
// metrics push and --until-alert (trigger-alert) work, and Prometheus scrapes itself and
// Alertmanager and sends it alerts. PostgreSQL and the exporters answer on 127.0.0.1 only.
// Doctor passes, then warns once the web config is hand-edited to ask for nothing.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { execa } from 'execa';
import YAML from 'yaml';
import { request } from '../../cli/clients/lab-http.js';
import { ensureSecrets, readSecrets } from '../../cli/config/secrets.js';
import { portAnswers } from '../../cli/lab/check-ports.js';
import { downStack } from '../../cli/lab/down-stack.js';
import { encodeWriteRequest } from '../../cli/load/export/remote-write.js';
import { buildLocalImages, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { eventually } from '../support/eventually.js';
import { startFakeTelegramContainer, type FakeTelegramContainer } from '../support/fake-telegram-container.js';
import { freePortBesides } from '../support/free-port.js';
import { assertBuilt } from '../support/o11y-cli.js';
import { createTestUser, o11yAsUser, removeTestUser, type TestUser } from '../support/test-user.js';

const EXPOSED = '127.0.0.2';
const user = `o11yx${process.pid}`;
const project = `e2e-exposed-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const TOKEN = '424242:e2e-exposed-fake-token';
const CHAT = -1005544332211;
const INTRUDER = 'IntruderSaysHello';
let docker: Docker;
let ports: Record<string, number>;
let fakePort: number;
let fake: FakeTelegramContainer | undefined;
let testUser: TestUser;
let stateDir: string;
let password: string;
/** Everything our CLI printed: the password must be in none of it. */
const printed: string[] = [];

async function as(args: string[], timeoutMs = 300_000) {
  const res = await o11yAsUser(testUser, args, timeoutMs);
  const out = { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr) };
  printed.push(out.stdout, out.stderr);
  return out;
}

async function ok(args: string[], timeoutMs?: number) {
  const out = await as(args, timeoutMs);
  if (out.exitCode !== 0) throw new Error(`o11y ${args.join(' ')} exited ${out.exitCode}\n--- stdout\n${out.stdout}\n--- stderr\n${out.stderr}`);
  return out;
}

const at = (key: string, host = EXPOSED) => `http://${host}:${ports[key]}`;
const basic = (pw: string) => ({ authorization: `Basic ${Buffer.from(`o11y:${pw}`).toString('base64')}` });

before(async () => {
  assertBuilt();
  assert.equal(process.getuid?.(), 0, 'this test makes a test user: run it as root (npm test does)');
  docker = await requireDocker();
  await buildLocalImages();
  testUser = await createTestUser(user, ['docker']);
  stateDir = path.join(testUser.dir, '.o11y');
  ports = await freeLabPorts();
  fakePort = await freePortBesides(Object.values(ports));
  const config = {
    project,
    ports,
    bindAddress: EXPOSED,
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    alerts: { requestRate: { threshold: 100, window: '10s', for: '5s' } },
    telegram: { chatId: CHAT, apiUrl: 'http://fake-telegram:8081' },
  };
  writeFileSync(path.join(testUser.dir, 'o11y.yaml'), YAML.stringify(config));
  // The token as `o11y init` would store it; the rest generated as `up` would.
  password = ensureSecrets(stateDir, { telegramBotToken: TOKEN }).webPassword;
  await execa('chown', ['-R', `${testUser.uid}:${testUser.gid}`, testUser.dir]);
});

after(async () => {
  if (fake) await fake.container.remove({ force: true }).catch(() => undefined);
  await downStack(project, { volumes: true });
  await removeTestUser(user);
});

describe('a lab exposed on 127.0.0.2 lets the class see it, and nobody else change it', { timeout: 15 * 60_000 }, () => {
  it('up --expose brings every service to healthy and says what is reachable, with which login, never the password', async () => {
    const out = await ok(['up', '--expose', EXPOSED, '--images', 'local', '--pull', 'never'], 10 * 60_000);
    for (const c of (await projectObjects(docker, project)).containers) {
      const info = await docker.getContainer(c.id).inspect();
      assert.equal(info.State.Health?.Status, 'healthy', `${c.service} is ${info.State.Health?.Status}`);
    }
    assert.match(out.stdout, /Reachable from other machines:/);
    const row = (service: string) => out.stdout.split('\n').find((l) => l.trimStart().startsWith(`${service} `)) ?? '';
    for (const s of ['prometheus', 'alertmanager']) assert.match(row(s), new RegExp(`o11y, password: webPassword in ${stateDir}/secrets\\.yaml`), s);
    assert.match(row('app'), /API is public/);
    assert.match(out.stdout, /On this machine only: postgres, postgres-exporter, node-exporter/);
    // The web config, written under umask 077, is readable by the images' users; the password file is not in it.
    for (const s of ['prometheus', 'alertmanager']) {
      assert.equal(statSync(path.join(stateDir, 'config', s, 'web.yml')).mode & 0o777, 0o644);
      assert.equal(statSync(path.join(stateDir, 'config', s)).mode & 0o777, 0o755);
    }
  });

  it('PostgreSQL and the exporters do not answer on the exposed address, only on 127.0.0.1', async () => {
    for (const key of ['postgres', 'postgresExporter', 'nodeExporter']) {
      assert.equal(await portAnswers(EXPOSED, ports[key]), false, `${key} answers on ${EXPOSED}`);
      assert.equal(await portAnswers('127.0.0.1', ports[key]), true, `${key} does not answer on 127.0.0.1`);
    }
    assert.equal(await portAnswers(EXPOSED, ports.app), true, 'the app is public');
  });

  it("without the login (or with a wrong one): Prometheus' API, remote write and Alertmanager's API answer 401", async () => {
    const q = await request({ service: 'Prometheus', baseUrl: at('prometheus'), path: '/api/v1/query?query=up' });
    assert.equal(q.status, 401);
    const wrong = await request({ service: 'Prometheus', baseUrl: at('prometheus'), path: '/api/v1/query?query=up', headers: basic(`${password}x`) });
    assert.equal(wrong.status, 401);
    const now = Date.now();
    const series = [{ labels: [{ name: '__name__', value: 'intruder_series' }], samples: [{ value: 1, timestamp: now }] }];
    const write = await request({
      service: 'Prometheus',
      baseUrl: at('prometheus'),
      path: '/api/v1/write',
      method: 'POST',
      body: encodeWriteRequest(series),
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
    });
    assert.equal(write.status, 401);
    const alert = [{ labels: { alertname: INTRUDER, severity: 'critical' }, annotations: { summary: 'not from the lab' } }];
    const post = await request({
      service: 'Alertmanager',
      baseUrl: at('alertmanager'),
      path: '/api/v2/alerts',
      method: 'POST',
      body: JSON.stringify(alert),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(post.status, 401);
    // With the login the same read works, and the refused write left nothing.
    const read = await request({ service: 'Prometheus', baseUrl: at('prometheus'), path: '/api/v1/query?query=intruder_series', headers: basic(password) });
    assert.equal(read.status, 200);
    assert.deepEqual(JSON.parse(read.text).data.result, []);
  });

  it('status: every target up (Prometheus scrapes itself and Alertmanager with the login), the exposure table', async () => {
    const text = await ok(['status']);
    assert.match(text.stdout, /Reachable from other machines:/);
    const st = JSON.parse((await ok(['status', '--json'])).stdout) as {
      targets?: Array<{ job: string; health: string; lastError?: string }>;
      exposure?: { rows: string[][]; unguarded: string[] };
    };
    const targets = await eventually(
      'every target up',
      async () => {
        const now = JSON.parse((await ok(['status', '--json'])).stdout) as typeof st;
        return now.targets?.length && now.targets.every((t) => t.health === 'up') ? now.targets : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 2000 },
    );
    assert.deepEqual(targets.map((t) => t.job).sort(), ['alertmanager', 'app', 'node', 'postgres', 'prometheus']);
    assert.deepEqual(st.exposure?.unguarded, []);
    assert.deepEqual(st.exposure?.rows.map((r) => r[0]).sort(), ['alertmanager', 'app', 'prometheus']);
  });

  it('alerts, and load --preset trigger-alert: its metrics pushed, the alert fired, sent by Prometheus and delivered to Telegram', async () => {
    fake = await startFakeTelegramContainer(docker, { project, token: TOKEN, chat: CHAT, hostPort: fakePort, labels: { 'dev.o11y-lab.test': project } });
    await eventually('the fake Telegram answering', fake.received, { timeoutMs: 30_000, intervalMs: 500 });
    const alerts = JSON.parse((await ok(['alerts', '--json'])).stdout) as { rules: Array<{ name: string }> };
    assert.ok(alerts.rules.some((r) => r.name === 'HighRequestRate'));
    const load = await ok(['load', '--preset', 'trigger-alert'], 5 * 60_000);
    assert.match(load.stdout + load.stderr, /Client metrics: pushed to Prometheus at http:\/\/127\.0\.0\.2:\d+ as run=/);
    assert.match(load.stdout + load.stderr, /delivered/i);
    const messages = await fake.received();
    assert.ok(
      messages.some((r) => r.method === 'sendMessage' && /HighRequestRate/.test(r.body.text ?? '')),
      'no HighRequestRate message',
    );
    // The load's own series are in Prometheus: its remote write got through with the login. Over
    // a range: the run's end marks its series stale, so an instant query finds none.
    const pushed = await request({
      service: 'Prometheus',
      baseUrl: at('prometheus'),
      path: `/api/v1/query?query=${encodeURIComponent('count(count_over_time(o11y_load_requests_in_flight[10m]))')}`,
      headers: basic(password),
    });
    assert.notDeepEqual(JSON.parse(pushed.text).data.result, []);
    assert.ok(!messages.some((r) => (r.body.text ?? '').includes(INTRUDER)), "the refused alert reached the owner's Telegram");
  });

  it('doctor: the login is asked for; hand-edited to ask for none, doctor warns', async () => {
    type Report = { checks: Array<{ id: string; status: string; detail: string }> };
    const passed = (JSON.parse((await as(['doctor', '--json', '--offline'])).stdout) as Report).checks;
    const check = () => passed.find((c) => c.id === 'exposure');
    assert.equal(check()?.status, 'ok', JSON.stringify(check()));
    // exporter-toolkit reads the web config on every request: an emptied one takes effect at once.
    const web = path.join(stateDir, 'config', 'prometheus', 'web.yml');
    const before = readFileSync(web, 'utf8');
    writeFileSync(web, '# hand-edited: no users\n');
    try {
      const warned = (JSON.parse((await as(['doctor', '--json', '--offline'])).stdout) as Report).checks;
      const c = warned.find((x) => x.id === 'exposure');
      assert.equal(c?.status, 'warn', JSON.stringify(c));
      assert.match(c?.detail ?? '', /prometheus on 127\.0\.0\.2:\d+ answers without a login/);
    } finally {
      writeFileSync(web, before);
      chmodSync(web, 0o644);
      chownSync(web, testUser.uid, testUser.gid);
    }
  });

  it('printed the password nowhere', () => {
    assert.ok(password.length > 10);
    for (const text of printed) assert.ok(!text.includes(password), 'the web password was printed');
    assert.equal(readSecrets(stateDir).webPassword, password, 'the secrets file kept it');
  });
});

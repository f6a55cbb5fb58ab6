// The whole alert path on loopback, no Docker: real service + PostgreSQL, real Prometheus with the
// rendered rules (test-short windows), real Alertmanager with the rendered config, the fake Telegram.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { getAlertStatus } from '../../cli/alerts/alert-status.js';
import { renderAlertFiles } from '../../cli/alerts/render.js';
import { waitForAlert } from '../../cli/alerts/wait-for-alert.js';
import { loadConfig, type LoadedConfig } from '../../cli/config/load-config.js';
import { ensureSecrets, type Secrets } from '../../cli/config/secrets.js';
// @ts-expect-error: a plain .mjs file without types (it must run in a stock Node container)
import { startFakeTelegram } from '../fakes/fake-telegram.mjs';
import { startTempPostgres, type TempPostgres } from '../helpers/postgres.js';
import { startTempPrometheus, type TempPrometheus } from '../helpers/prometheus.js';
import { startPacedLoad } from './paced-load.js';
import { startTempAlertmanager, type TempAlertmanager } from './temp-alertmanager.js';
import { startTempService, type TempService } from './temp-service.js';

const TOKEN = '123456:TEST-token';
const CHAT = -1001234567890;
const cli = path.resolve('bin/o11y.js');

describe('alert path: load → Prometheus rule → Alertmanager → Telegram (fake), on loopback', { timeout: 240_000 }, () => {
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let pg: TempPostgres;
  let service: TempService;
  let am: TempAlertmanager;
  let prom: TempPrometheus;
  let labDir: string;
  let lab: LoadedConfig;
  let secrets: Secrets;
  const urls = () => ({ prometheusUrl: prom.url, alertmanagerUrl: am.url });

  /** `o11y <args>` against the temp lab (o11y.yaml with this test's ports). */
  const o11y = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args, '-c', lab.configPath], { encoding: 'utf8' });

  const messages = (alertname: string, status: 'FIRING' | 'RESOLVED') =>
    fake.received().filter((r: any) => r.method === 'sendMessage' && String(r.body.text).includes(alertname) && String(r.body.text).includes(status));

  async function waitForMessage(alertname: string, status: 'FIRING' | 'RESOLVED', timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [msg] = messages(alertname, status);
      if (msg) return msg;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no ${status} message for ${alertname} within ${timeoutMs / 1000}s; fake got: ${JSON.stringify(fake.received().map((r: any) => r.body.text))}\nalertmanager log:\n${am.log()}`);
  }

  before(async () => {
    assert.ok(existsSync('dist/cli/index.js'), 'the CLI is not built: run `npm run build` first');
    fake = await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [TOKEN], chats: [String(CHAT)] });
    pg = await startTempPostgres();

    // A lab folder as `o11y init` leaves it, with test-short alert windows.
    labDir = mkdtempSync(path.join(os.tmpdir(), 'o11y-alert-path-'));
    const short = { window: '10s', for: '3s' };
    const file = {
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      alerts: { requestRate: short, latencyP99: short, errorRatio: short },
      telegram: { chatId: CHAT, apiUrl: fake.url },
    };
    writeFileSync(path.join(labDir, 'o11y.yaml'), YAML.stringify(file));
    lab = loadConfig({ cwd: labDir, env: {} });
    secrets = ensureSecrets(lab.stateDir, { telegramBotToken: TOKEN });

    service = await startTempService({ databaseUrl: pg.url, chaosToken: secrets.chaosToken });
    const files = renderAlertFiles(lab.config, secrets, { routeTiming: { groupWait: '1s', groupInterval: '2s' } });
    am = await startTempAlertmanager(files);
    const promConfig = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['alerts.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }] },
      scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [new URL(service.url).host] }] }],
    };
    prom = await startTempPrometheus(YAML.stringify(promConfig), { 'alerts.yml': files.find((f) => f.path === 'prometheus/alerts.yml')!.content });
    // The ports `o11y alerts` and `o11y chaos` read from o11y.yaml.
    writeFileSync(
      path.join(labDir, 'o11y.yaml'),
      YAML.stringify({ ...file, ports: { app: service.port, prometheus: Number(new URL(prom.url).port), alertmanager: Number(new URL(am.url).port) } }),
    );
    lab = loadConfig({ cwd: labDir, env: {} });
    for (const deadline = Date.now() + 30_000; ; ) {
      const up = await prom.query('up{job="app"} == 1');
      if (up.length) break;
      if (Date.now() > deadline) throw new Error('Prometheus never scraped the service');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  after(async () => {
    await prom?.stop();
    await am?.stop();
    await service?.stop();
    pg?.destroy();
    await fake?.close();
    if (labDir) rmSync(labDir, { recursive: true, force: true });
  });

  test('200 req/s fires HighRequestRate, Telegram gets it in the right chat, and the resolve after the load stops', async (t) => {
    const startedAt = Date.now();
    const load = startPacedLoad(`${service.url}/students/`, 200, 60);
    let result;
    try {
      result = await waitForAlert({ ...urls(), alertName: 'HighRequestRate', requireDelivery: true, timeoutMs: 60_000, startedAt });
    } finally {
      const sent = await load.stop();
      t.diagnostic(`load sent ${sent} requests in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
    const stoppedAt = Date.now();
    t.diagnostic(`pending ${result.pendingAfterMs} ms, firing ${result.firingAfterMs} ms, delivered ${result.deliveredAfterMs} ms after load start`);
    assert.equal(result.alreadyFiring, false);
    assert.ok(result.deliveredAfterMs! >= result.firingAfterMs);

    const firing = await waitForMessage('HighRequestRate', 'FIRING', 10_000);
    assert.equal(firing.status, 200, `the fake (like Telegram) rejected it: ${JSON.stringify(firing)}`);
    assert.equal(firing.tokenValid, true);
    assert.equal(Number(firing.body.chat_id), CHAT);
    assert.match(String(firing.body.text), /Request rate is \d+ req\/s, above 100 req\/s/);

    const resolved = await waitForMessage('HighRequestRate', 'RESOLVED', 60_000);
    t.diagnostic(`resolved message ${Date.now() - stoppedAt} ms after the load stopped`);
    assert.equal(resolved.status, 200);
    assert.equal(Number(resolved.body.chat_id), CHAT);
  });

  test('`o11y alerts --json` lists every rule with its state and value, and the Telegram deliveries', async () => {
    const { stdout } = await o11y('alerts', '--json');
    const st = JSON.parse(stdout);
    assert.deepEqual(st.rules.map((r: any) => r.name).sort(), ['HighErrorRatio', 'HighLatencyP99', 'HighRequestRate']);
    for (const r of st.rules) {
      assert.ok(['inactive', 'pending', 'firing'].includes(r.state), r.state);
      assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    }
    assert.equal(st.telegram.enabled, true);
    assert.ok(st.telegram.deliveries.attempted >= 2, 'firing and resolved were counted');
    assert.equal(st.telegram.deliveries.failed, 0);
    const table = (await o11y('alerts')).stdout;
    assert.match(table, /HighRequestRate\s+\w+\s+[\d.-]/);
    assert.match(table, /Telegram: on: \d+ sent, 0 failed/);
  });

  test('`o11y chaos latency 600ms` makes HighLatencyP99 fire and reach Telegram; `o11y chaos off` clears it', async (t) => {
    const on = await o11y('chaos', 'latency', '600ms');
    assert.match(on.stdout, /\+600 ms latency/);
    assert.match((await o11y('chaos', '--json')).stdout, /"latencyMs": 600/);
    const startedAt = Date.now();
    const load = startPacedLoad(`${service.url}/students/`, 20, 60);
    try {
      const result = await waitForAlert({ ...urls(), alertName: 'HighLatencyP99', requireDelivery: true, timeoutMs: 60_000, startedAt });
      t.diagnostic(`latency alert firing ${result.firingAfterMs} ms, delivered ${result.deliveredAfterMs} ms after chaos + load`);
    } finally {
      await load.stop();
      await o11y('chaos', 'off');
    }
    const msg = await waitForMessage('HighLatencyP99', 'FIRING', 10_000);
    assert.equal(msg.status, 200);
    assert.match(String(msg.body.text), /p99 latency of GET \/students\/ is 0\.\d+ s, above 0\.5 s/);
    assert.match((await o11y('chaos')).stdout, /Chaos off/);
  });
});

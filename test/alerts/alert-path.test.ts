// The whole alert path on loopback, no Docker: real service + PostgreSQL, real Prometheus with the
// rendered rules (test-short windows), real Alertmanager with the rendered config, the fake Telegram.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { alertClock } from '../../cli/alerts/alert-times.js';
import { untilAlert } from '../../cli/alerts/until-alert.js';
import { waitForAlert } from '../../cli/alerts/wait-for-alert.js';
import { LAB_CHAT, startAlertLab, waitForMessage, type AlertLab } from '../support/alert-lab.js';
import { startPacedLoad } from '../support/paced-load.js';
import { SHORT_ALERT_SETTINGS } from './short-config.js';

const cli = path.resolve('bin/o11y.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alert path: load → Prometheus rule → Alertmanager → Telegram (fake), on loopback', { timeout: 240_000 }, () => {
  let lab: AlertLab;
  /** When HighRequestRate fired, as the load's wait reported it: every command must show this time. */
  let firedAt: string | undefined;
  /** `o11y <args>` against the temp lab (its o11y.yaml has this test's ports). */
  const o11y = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args, '--config', lab.lab.configPath], { encoding: 'utf8' });

  before(async () => {
    assert.ok(existsSync('dist/cli/index.js'), 'the CLI is not built: run `npm run build` first');
    lab = await startAlertLab({
      settings: SHORT_ALERT_SETTINGS,
      routeTiming: { groupWait: '1s', groupInterval: '2s' },
    });
  });
  after(async () => lab?.stop());

  test('200 req/s fires HighRequestRate, Telegram gets it in the right chat, and the resolve after the load stops', async (t) => {
    // As `o11y load --until-alert HighRequestRate` does: the engine asks stopWhen after every 1 s tick.
    let saidAt: string | undefined;
    const until = untilAlert(lab.lab.config, lab.secrets, 'HighRequestRate', {
      urls: lab.urls,
      timeoutMs: 60_000,
      onStep: (step, _ms, at) => {
        if (step === 'firing') saidAt = at;
      },
    });
    const load = startPacedLoad(`${lab.service.url}/students/`, 200, 60);
    let reason: string | false = false;
    try {
      for (reason = until.stopWhen(); !reason; reason = until.stopWhen()) await sleep(1000);
    } finally {
      t.diagnostic(`load sent ${await load.stop()} requests`);
      until.cancel();
    }
    const stoppedAt = Date.now();
    const result = await until.settle();
    // One event, one time: the load's is Prometheus' firing evaluation, which Alertmanager got as startsAt.
    firedAt = result.firedAt;
    assert.ok(firedAt, 'the wait knows when Prometheus fired it');
    assert.equal(saidAt, firedAt);
    const am = (await (await fetch(`${lab.urls.alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22HighRequestRate%22`)).json()) as Array<{
      startsAt: string;
    }>;
    assert.ok(am.length > 0, 'Alertmanager holds the alert');
    assert.equal(
      Math.floor(Date.parse(am[0].startsAt) / 1000),
      Math.floor(Date.parse(firedAt) / 1000),
      `Alertmanager startsAt ${am[0].startsAt}, fired ${firedAt}`,
    );
    t.diagnostic(reason);
    assert.match(reason, /^HighRequestRate: (pending after [\d.]+ s, )?firing after [\d.]+ s, delivered to Telegram after [\d.]+ s$/);
    assert.equal(result.alreadyFiring, false);
    assert.ok(result.deliveredAfterMs! >= result.firingAfterMs);

    const firing = await waitForMessage(lab, ['HighRequestRate', 'FIRING'], 10_000);
    assert.equal(firing.status, 200, `the fake (like Telegram) rejected it: ${JSON.stringify(firing)}`);
    assert.equal(firing.tokenValid, true);
    assert.equal(Number(firing.body.chat_id), LAB_CHAT);
    assert.match(String(firing.body.text), /Request rate is \d+ req\/s, above 100 req\/s/);

    const resolved = await waitForMessage(lab, ['HighRequestRate', 'RESOLVED'], 60_000);
    t.diagnostic(`resolved message ${Date.now() - stoppedAt} ms after the load stopped`);
    assert.equal(resolved.status, 200);
    assert.equal(Number(resolved.body.chat_id), LAB_CHAT);
  });

  test('`o11y alerts --json` lists every rule with its state and value, and the Telegram deliveries', async () => {
    const st = JSON.parse((await o11y('alerts', '--json')).stdout);
    assert.deepEqual(st.rules.map((r: { name: string }) => r.name).sort(), ['HighErrorRatio', 'HighLatencyP99', 'HighRequestRate']);
    for (const r of st.rules) {
      assert.ok(['inactive', 'pending', 'firing'].includes(r.state), r.state);
      assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    }
    assert.equal(st.telegram.enabled, true);
    assert.ok(st.telegram.deliveries.delivered >= 2, 'firing and resolved were counted as delivered');
    assert.equal(st.telegram.deliveries.failed, 0);
    // The load stopped and the alert resolved: it reads inactive now, and says when it fired,
    // when it resolved and when Telegram took a message.
    const rate = st.rules.find((r: { name: string }) => r.name === 'HighRequestRate');
    assert.ok(rate.lastFiredAt && rate.resolvedAt && rate.telegramAt, JSON.stringify(rate));
    const [fired, resolved, telegram] = [rate.lastFiredAt, rate.resolvedAt, rate.telegramAt].map((t: string) => Date.parse(t));
    assert.ok(fired < resolved, 'resolved after it fired');
    assert.ok(telegram >= fired - 15_000 && telegram <= resolved + 15_000, 'the message went out while it fired');
    assert.equal(rate.lastFiredAt, firedAt, 'o11y alerts shows the time the load reported');
    const table = (await o11y('alerts')).stdout;
    assert.match(table, new RegExp(`HighRequestRate.*${alertClock(firedAt).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} → `));
    // Clock times as the locale writes them (13:40:12 or 1:40:12 PM).
    const time = '\\d{1,2}:\\d\\d:\\d\\d(?: [AP]M)?';
    assert.match(table, new RegExp(`HighRequestRate.*${time} → ${time}\\s+${time}`));
    assert.match(table, /HighRequestRate\s+\w+\s+[\d.-]/);
    assert.match(table, /Telegram: on: [1-9]\d* delivered, 0 failed since Alertmanager started/);
  });

  test('`o11y chaos latency 600ms` makes HighLatencyP99 fire and reach Telegram; `o11y chaos off` resolves it, and Telegram hears so', async (t) => {
    assert.match((await o11y('chaos', 'latency', '600ms')).stdout, /\+600 ms latency/);
    assert.match((await o11y('chaos', '--json')).stdout, /"latencyMs": 600/);
    const startedAt = Date.now();
    const load = startPacedLoad(`${lab.service.url}/students/`, 20, 60);
    try {
      const result = await waitForAlert({ ...lab.urls, alertName: 'HighLatencyP99', requireDelivery: true, timeoutMs: 60_000, startedAt });
      t.diagnostic(`latency alert firing ${result.firingAfterMs} ms, delivered ${result.deliveredAfterMs} ms after chaos + load`);
    } finally {
      await load.stop();
      await o11y('chaos', 'off');
    }
    const msg = await waitForMessage(lab, ['HighLatencyP99', 'FIRING'], 10_000);
    assert.equal(msg.status, 200);
    assert.match(String(msg.body.text), /p99 latency of GET \/students\/ is 0\.\d+ s, above 0\.5 s/);
    assert.match((await o11y('chaos')).stdout, /Chaos off/);
    // Cleared: the slow answers leave the 10 s window, the rule goes inactive, Telegram hears so.
    const offAt = Date.now();
    const resolved = await waitForMessage(lab, ['HighLatencyP99', 'RESOLVED'], 60_000);
    t.diagnostic(`resolved message ${Date.now() - offAt} ms after chaos off`);
    assert.equal(resolved.status, 200);
    assert.equal(Number(resolved.body.chat_id), LAB_CHAT);
    assert.equal((await lab.prom.query('ALERTS{alertname="HighLatencyP99",alertstate="firing"}')).length, 0, 'Prometheus has it firing still');
  });

  test('`o11y chaos errors 20%` makes HighErrorRatio fire and reach Telegram (the service labels its 500s "5xx")', async (t) => {
    assert.match((await o11y('chaos', 'errors', '20%')).stdout, /20% errors \(500\)/);
    const startedAt = Date.now();
    const load = startPacedLoad(`${lab.service.url}/students/`, 50, 60);
    try {
      const result = await waitForAlert({ ...lab.urls, alertName: 'HighErrorRatio', requireDelivery: true, timeoutMs: 60_000, startedAt });
      t.diagnostic(`error alert firing ${result.firingAfterMs} ms, delivered ${result.deliveredAfterMs} ms after chaos + load`);
    } finally {
      await load.stop();
      await o11y('chaos', 'off');
    }
    const msg = await waitForMessage(lab, ['HighErrorRatio', 'FIRING'], 10_000);
    assert.equal(msg.status, 200);
    assert.match(String(msg.body.text), /\d+(\.\d+)?% of requests fail with 5xx, above 5\.0%/);
  });
});

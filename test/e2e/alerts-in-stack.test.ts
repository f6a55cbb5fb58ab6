// End to end on Docker: the lab's real Prometheus and Alertmanager deliver alerts to a fake
// Telegram Bot API running as one more container on the lab's own network, driven by
// `o11y load --preset trigger-alert` and `o11y chaos`; then every Grafana panel query runs on
// the lab's Prometheus and must return data (the Load row's too: the load pushed its own series).
// Windows are test-short; nothing leaves the host.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import { loadConfig } from '../../cli/lab/load-config.js';
import { ensureSecrets } from '../../cli/config/secrets.js';
import { downStack } from '../../cli/lab/down-stack.js';
import { checkEveryPanelHasData } from '../support/panel-queries.js';
import { eventually } from '../support/eventually.js';
import { startFakeTelegramContainer, type FakeTelegramContainer } from '../support/fake-telegram-container.js';
import { freePortBesides } from '../support/free-port.js';
import { buildLocalImages, freeLabPorts, requireDocker } from '../support/docker.js';
import { assertBuilt, o11y, ok } from '../support/o11y-cli.js';

const project = `e2e-alerts-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-alerts-'));
const stateDir = path.join(dir, '.o11y');
const TOKEN = '424242:e2e-fake-token-for-the-fake-bot-api';
const CHAT = -1009876543210;
const TEST_LABEL = 'dev.o11y-lab.test';
let docker: Docker;
let ports: Record<string, number>;
let fakePort: number;
let fake: FakeTelegramContainer | undefined;

const run = (args: string[], timeoutMs?: number) => o11y(args, { cwd: dir, timeoutMs });

const received = () => (fake ? fake.received() : Promise.resolve([]));

/** For eventually(): polls once a second, and a failure shows what the fake got. */
const fakeWait = (timeoutMs: number) => ({
  timeoutMs,
  intervalMs: 1000,
  detail: async () => `the fake received:\n${JSON.stringify(await received(), null, 1).slice(0, 3000)}`,
});

/** The fake's accepted sendMessage calls matching `pattern`, each with its place in all it received. */
const messages = async (pattern: RegExp) =>
  (await received()).map((r, index) => ({ ...r, index })).filter((r) => r.method === 'sendMessage' && r.status === 200 && pattern.test(r.body.text ?? ''));

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  await buildLocalImages(dir);
  ports = await freeLabPorts();
  fakePort = await freePortBesides(Object.values(ports));
  writeFileSync(
    path.join(dir, 'o11y.yaml'),
    YAML.stringify({
      project,
      ports,
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      alerts: {
        requestRate: { threshold: 100, window: '10s', for: '5s' },
        latencyP99: { threshold: 0.5, window: '15s', for: '5s' },
        errorRatio: { threshold: 0.05, window: '15s', for: '5s' },
      },
      telegram: { chatId: CHAT, apiUrl: 'http://fake-telegram:8081' },
    }),
  );
  ensureSecrets(stateDir, { telegramBotToken: TOKEN });
  ok(await run(['up', '--images', 'local', '--pull', 'never']), 'o11y up');
  fake = await startFakeTelegramContainer(docker, { project, token: TOKEN, chat: CHAT, hostPort: fakePort, labels: { [TEST_LABEL]: project } });
  await eventually('the fake Telegram answering', received, fakeWait(30_000));
});

after(async () => {
  if (fake) await fake.container.remove({ force: true }).catch(() => undefined);
  await downStack(project, { volumes: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts on the Docker stack reach Telegram; every dashboard panel has data', { timeout: 10 * 60_000 }, () => {
  let loadStart = 0;
  let loadEnd = 0;

  it('o11y load --preset trigger-alert holds 200 users until HighRequestRate is delivered, then stops', async () => {
    loadStart = Date.now() / 1000;
    const out = path.join(dir, 'trigger-alert.json');
    const res = ok(
      await run(['load', '--preset', 'trigger-alert', '--target', `http://127.0.0.1:${ports.app}`, '--out', out], 5 * 60_000),
      'o11y load --preset trigger-alert',
    );
    loadEnd = Date.now() / 1000;
    assert.match(res.stdout + res.stderr, /HighRequestRate.*firing/i);
    assert.match(res.stdout + res.stderr, /delivered/i);
    // Its own series went to the lab's Prometheus (the Load row below plots them), and the summary compares both sides.
    assert.match(res.stdout, new RegExp(`Client metrics: pushed to Prometheus at http://127\\.0\\.0\\.1:${ports.prometheus} as run="`));
    assert.match(res.stdout, /^ {2}server\s+p50 \S+ {3}p99 \S+/m);
    assert.match(res.stdout, /^ {2}reading\s+\S/m);
    // The summary as data: it held 200 users from the end of its 10 s ramp to the stop, and the
    // stop was the delivery, well inside the preset's 3 minutes.
    const s = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(s.stopReason, 'condition', `stopped by ${s.stopReason}`);
    assert.match(s.stopDetail, /^HighRequestRate: (pending after [\d.]+ s, )?firing after [\d.]+ s, delivered to Telegram after [\d.]+ s$/);
    assert.equal(s.peakLevel, 200);
    const held = s.timeline.filter((t: { elapsedS: number }) => t.elapsedS >= 10.5);
    assert.ok(held.length >= 5, `only ${held.length} seconds after the ramp`);
    assert.deepEqual(
      held.filter((t: { level: number; partial?: boolean }) => t.level !== 200 && !t.partial).map((t: { elapsedS: number }) => t.elapsedS),
      [],
      'seconds after the ramp not at 200 users',
    );
    assert.ok(s.durationS < 180, `ran ${s.durationS} s: the preset's time limit, not the delivery, stopped it`);
    const firing = await messages(/HighRequestRate/);
    assert.ok(firing.length >= 1, 'no sendMessage for HighRequestRate');
    assert.equal(Number(firing[0].body.chat_id), CHAT);
    assert.ok(
      firing.every((m) => m.tokenValid),
      'a message was sent with the wrong token',
    );
  });

  it('after the load stops, the resolve is delivered too', async () => {
    await eventually(
      'a resolved message for HighRequestRate',
      async () => (await messages(/HighRequestRate/)).some((m) => /resolved/i.test(m.body.text ?? '')),
      fakeWait(120_000),
    );
  });

  it("every Grafana panel query returns data on the lab's Prometheus", async () => {
    const { config } = loadConfig({ cwd: dir });
    await checkEveryPanelHasData({
      prometheusUrl: `http://127.0.0.1:${ports.prometheus}`,
      config,
      start: loadStart,
      end: Math.max(loadEnd, loadStart + 20),
      alertsExpected: true,
    });
  });

  it('o11y chaos latency 600ms makes HighLatencyP99 fire and reach Telegram; chaos off resolves it', async () => {
    // Only what the fake receives from here on counts: nothing of the runs before.
    const from = (await received()).length;
    const latency = async () => (await messages(/HighLatencyP99/)).filter((m) => m.index >= from);
    ok(await run(['chaos', 'latency', '600ms']), 'o11y chaos latency');
    try {
      const res = await run(
        ['load', '--users', '20', '--duration', '90s', '--until-alert', 'HighLatencyP99', '--target', `http://127.0.0.1:${ports.app}`],
        3 * 60_000,
      );
      ok(res, 'o11y load --until-alert HighLatencyP99');
      const msgs = await latency();
      assert.ok(msgs.length >= 1, 'no sendMessage for HighLatencyP99 after chaos went on');
      assert.match(msgs[0].body.text ?? '', /\bFIRING\b/, 'the first is the firing one');
      assert.equal(Number(msgs[0].body.chat_id), CHAT);
    } finally {
      ok(await run(['chaos', 'off']), 'o11y chaos off');
    }
    const state = ok(await run(['chaos', '--json']), 'o11y chaos --json');
    assert.match(state.stdout, /"latencyMs":\s*0/);
    // Off, the slow answers leave the rule's 15 s window and Alertmanager sends the resolve.
    await eventually(
      'a resolved message for HighLatencyP99 after chaos off',
      async () => (await latency()).some((m) => /\bRESOLVED\b/.test(m.body.text ?? '')),
      fakeWait(120_000),
    );
  });
});

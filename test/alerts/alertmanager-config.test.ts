import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import YAML from 'yaml';
import { renderAlertFiles } from '../../cli/alerts/render.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import type { RenderedFile } from '../../cli/stack/rendered-file.js';
import { fetchDeliveryCounts } from '../../cli/clients/alertmanager-metrics.js';
import { formatDeliveries } from '../../cli/alerts/format-alert-status.js';
// @ts-expect-error: a plain .mjs file without types (it must run in a stock Node container)
import { startFakeTelegram } from '../support/fake-telegram.mjs';
import { eventually } from '../support/eventually.js';
import { startTempAlertmanager, type TempAlertmanager } from '../support/alertmanager.js';
import { requireBinary } from '../support/require-binary.js';

const TOKEN = '123456:TEST-token';
const CHAT = -1001234567890;

function telegramConfig(apiUrl = 'https://api.telegram.org'): LabConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.telegram = { chatId: CHAT, apiUrl };
  return config;
}

function amtoolCheck(files: RenderedFile[]): string {
  requireBinary('amtool', 'prometheus-alertmanager');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-amtool-'));
  try {
    for (const f of files.filter((f) => f.path.startsWith('alertmanager/'))) writeFileSync(path.join(dir, path.basename(f.path)), f.content);
    const res = spawnSync('amtool', ['check-config', path.join(dir, 'alertmanager.yml')], { encoding: 'utf8' });
    assert.equal(res.status, 0, `amtool check-config failed:\n${res.stdout}\n${res.stderr}`);
    return res.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const amConfig = (files: RenderedFile[]) => files.find((f) => f.path === 'alertmanager/alertmanager.yml')!;

test('with Telegram set up: amtool accepts the config; token, numeric chat id and api_url in a 0600 file', () => {
  const files = renderAlertFiles(telegramConfig(), { telegramBotToken: TOKEN });
  assert.match(amtoolCheck(files), /1 templates/);
  const file = amConfig(files);
  assert.equal(file.mode, 0o600);
  const parsed = YAML.parse(file.content);
  const telegram = parsed.receivers[0].telegram_configs[0];
  assert.equal(parsed.route.receiver, 'telegram');
  assert.equal(telegram.bot_token, TOKEN);
  assert.equal(telegram.chat_id, CHAT);
  assert.equal(typeof telegram.chat_id, 'number');
  assert.equal(telegram.api_url, 'https://api.telegram.org');
  assert.equal(telegram.parse_mode, 'HTML');
  assert.equal(telegram.send_resolved, true);
  assert.equal(telegram.bot_token_file, undefined, 'Alertmanager 0.25 rejects bot_token_file');
});

test('without Telegram: amtool accepts a receiver with no integrations, and no token is written', () => {
  for (const [config, secrets] of [
    [DEFAULT_CONFIG, {}],
    [DEFAULT_CONFIG, { telegramBotToken: TOKEN }],
    [telegramConfig(), {}],
  ] as const) {
    const files = renderAlertFiles(config, secrets);
    amtoolCheck(files);
    const parsed = YAML.parse(amConfig(files).content);
    assert.deepEqual(parsed.receivers, [{ name: 'notifications-off' }]);
    assert.doesNotMatch(amConfig(files).content, /TEST-token/);
  }
});

describe('Alertmanager 0.25 delivers readable, escaped, bounded messages to the fake Telegram', () => {
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let am: TempAlertmanager;
  const startsAt = new Date(Date.now() - 90_000).toISOString();

  before(async () => {
    fake = await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [TOKEN], chats: [String(CHAT)] });
    const files = renderAlertFiles(telegramConfig(fake.url), { telegramBotToken: TOKEN }, { routeTiming: { groupWait: '1s', groupInterval: '2s' } });
    am = await startTempAlertmanager(files);
  });
  after(async () => {
    await am?.stop();
    await fake?.close();
  });

  function messagesFor(text: string, count: number) {
    const got = () =>
      fake.received().filter((r: { method: string; body: { text?: string } }) => r.method === 'sendMessage' && String(r.body.text).includes(text));
    return eventually(
      `${count} messages with "${text}" on the fake Telegram`,
      () => {
        const g = got();
        return g.length >= count && g;
      },
      { timeoutMs: 30_000, intervalMs: 200, detail: () => `it got ${got().length}/${count}; alertmanager log:\n${am.log()}` },
    );
  }

  test('firing, then resolved, with the value, HTML-escaped labels and annotations', async () => {
    const alert = {
      labels: { alertname: 'EscapeCheck', severity: 'warning<b>' },
      annotations: { summary: 'Request rate is 212 req/s, above 100 <script> & "x"', description: 'what & <why>', hint: 'look at <this>' },
      startsAt,
    };
    await am.postAlerts([alert]);
    const [firing] = await messagesFor('EscapeCheck', 1);
    assert.equal(firing.status, 200, `Telegram would reject it: ${JSON.stringify(firing)}`);
    assert.equal(String(firing.body.chat_id), String(CHAT));
    assert.equal(firing.body.parse_mode, 'HTML');
    const text = String(firing.body.text);
    assert.match(text, /FIRING/);
    assert.match(text, /212 req\/s/);
    assert.match(text, /&lt;script&gt; &amp;/);
    assert.match(text, /warning&lt;b&gt;/);
    assert.match(text, /what &amp; &lt;why&gt;/);

    await am.postAlerts([{ ...alert, endsAt: new Date().toISOString() }]);
    const [, resolved] = await messagesFor('EscapeCheck', 2);
    assert.equal(resolved.status, 200);
    assert.match(String(resolved.body.text), /RESOLVED/);
    assert.match(String(resolved.body.text), /was: Request rate is 212 req\/s/);

    const metrics = await am.metrics();
    assert.match(metrics, /alertmanager_notifications_total\{integration="telegram"\} [1-9]/);
    assert.match(metrics, /alertmanager_notifications_failed_total\{integration="telegram"\} 0/);
  });

  test('twenty alerts with huge annotations still make one message Telegram accepts', async () => {
    const huge = '<&>"'.repeat(2000);
    await am.postAlerts(
      Array.from({ length: 20 }, (_, i) => ({
        labels: { alertname: 'FloodCheck', severity: huge, instance: `i${i}` },
        annotations: { summary: huge, description: huge, hint: huge },
        startsAt,
      })),
    );
    // Alertmanager may take a while to ingest that much and send a first message with fewer.
    await messagesFor('20 alerts in all', 1);
    for (const msg of await messagesFor('FloodCheck', 1)) {
      assert.equal(msg.status, 200, `Telegram would reject it: ${JSON.stringify(msg.body).slice(0, 300)}…`);
      assert.ok([...String(msg.body.text)].length <= 4096, 'Alertmanager would truncate it, maybe mid-tag');
    }
  });

  // Seen in a trial: the fake logged 1 accepted and 13 rejected (401) sendMessage calls while
  // `o11y alerts` said "2 sent, 1 failed". Counts must follow what the Bot API answered.
  test('delivery counts follow what the Bot API accepted and rejected, retries included', async () => {
    const answered = () => fake.received().filter((r: { method: string }) => r.method === 'sendMessage') as Array<{ status: number }>;
    const before = await fetchDeliveryCounts(am.url);
    const accepted0 = answered().filter((r) => r.status === 200).length;
    const rejected0 = answered().filter((r) => r.status === 401).length;
    await setFakeTokens(fake.url, []);
    await am.postAlerts([{ labels: { alertname: 'RejectCheck', severity: 'warning' }, annotations: { summary: 'rejected' }, startsAt }]);
    // Alertmanager retries the rejected notification, then gives it up and counts it failed.
    const failed = await eventually(
      'Alertmanager giving up on RejectCheck',
      async () => {
        const now = await fetchDeliveryCounts(am.url);
        return now.failed > before.failed && now;
      },
      { timeoutMs: 60_000, intervalMs: 250, detail: () => am.log() },
    );
    // A moment when Alertmanager has heard back about every request it sent (it keeps retrying).
    const settled = await eventually(
      'the counts to match the fake',
      async () => {
        const now = await fetchDeliveryCounts(am.url);
        return now.rejectedRequests - before.rejectedRequests === answered().filter((r) => r.status === 401).length - rejected0 && now;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    await setFakeTokens(fake.url, [TOKEN]);
    assert.ok(settled.rejectedRequests - before.rejectedRequests >= 2, 'Alertmanager retried the rejected message');
    assert.ok(failed.failed - before.failed >= 1, 'the notification it gave up on is counted failed');
    assert.ok(settled.failed - before.failed < settled.rejectedRequests - before.rejectedRequests, 'a failed notification is not one failed request');
    assert.equal(settled.delivered, before.delivered, 'nothing was delivered');

    await am.postAlerts([{ labels: { alertname: 'AcceptCheck', severity: 'warning' }, annotations: { summary: 'accepted' }, startsAt }]);
    const after = await eventually(
      'AcceptCheck delivered',
      async () => {
        const now = await fetchDeliveryCounts(am.url);
        return now.delivered > before.delivered && answered().filter((r) => r.status === 200).length > accepted0 && now;
      },
      { timeoutMs: 30_000, intervalMs: 250, detail: () => am.log() },
    );
    assert.equal(after.delivered - before.delivered, answered().filter((r) => r.status === 200).length - accepted0);
    const line = stripVTControlCharacters(formatDeliveries(after));
    const retrying = after.retrying ? `, ${after.retrying} being retried` : '';
    assert.match(
      line,
      new RegExp(
        `^${after.delivered} delivered, ${after.failed} failed${retrying} \\(${after.rejectedRequests} of ${after.requests} requests to the Bot API rejected`,
      ),
    );
  });
});

async function setFakeTokens(url: string, tokens: string[]): Promise<void> {
  const res = await fetch(`${url}/_config`, { method: 'POST', body: JSON.stringify({ tokens }) });
  assert.ok(res.ok);
}

// `o11y init` as a person runs it: in a real pseudo-terminal (util-linux `script`), answering
// each prompt as it appears, with Telegram set up against the fake Bot API on loopback. And the
// scripted way a token stays out of `ps` and shell history: O11Y_TELEGRAM_TOKEN.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT, assertBuilt, o11y } from '../support/o11y-cli.js';
import { inTerminal as inPty, shellLine } from '../support/terminal.js';
// @ts-expect-error: a plain .mjs file without types (it must run in a stock Node container)
import { startFakeTelegram } from '../support/fake-telegram.mjs';

const TOKEN = '987654:GOOD-token_abc';
const CHANNEL = -1001234567890;

/** `o11y <args>` on a pty (test/support/terminal.ts), each answer typed once its prompt shows. */
const inTerminal = (args: string[], cwd: string, answers: Array<[RegExp, string]>, timeoutMs = 60_000) =>
  inPty(shellLine([process.execPath, path.join(ROOT, 'bin', 'o11y.js'), ...args]), { cwd, answers, timeoutMs });

describe('o11y init in a terminal', () => {
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  const dirs: string[] = [];
  const scratch = (apiUrl: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-init-tty-'));
    dirs.push(dir);
    // Only the Bot API address is set beforehand: it points at the fake, never at Telegram.
    writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ telegram: { apiUrl } }));
    return dir;
  };
  before(async () => {
    assertBuilt();
    fake = await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [TOKEN], chats: [String(CHANNEL)] });
  });
  after(async () => {
    await fake?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('asks for each setting and Telegram, checks the bot, writes the config and a 0600 secrets file', async () => {
    const dir = scratch(fake.url);
    fake.clear();
    const res = await inTerminal(['init'], dir, [
      [/Project name/, 'classroom'],
      [/API port/, '8010'],
      [/Grafana port/, '3010'],
      [/Prometheus port/, '9010'],
      [/Scrape interval/, '2s'],
      [/Run cAdvisor/, 'n'],
      [/Send alert notifications to Telegram\?/, 'y'],
      [/Bot token/, TOKEN],
      [/Chat id/, String(CHANNEL)],
    ]);
    assert.equal(res.unanswered, 0, `not every prompt was shown:\n${res.screen}`);
    assert.equal(res.code, 0, res.screen);
    const config = YAML.parse(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'));
    assert.equal(config.project, 'classroom');
    assert.deepEqual([config.ports.app, config.ports.grafana, config.ports.prometheus], [8010, 3010, 9010]);
    assert.equal(config.scrapeInterval, '2s');
    assert.equal(config.telegram.chatId, CHANNEL);
    const secretsFile = path.join(dir, '.o11y', 'secrets.yaml');
    assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
    assert.equal(YAML.parse(readFileSync(secretsFile, 'utf8')).telegramBotToken, TOKEN);
    assert.doesNotMatch(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'), /GOOD-token/);
    assert.doesNotMatch(res.screen, /GOOD-token/, 'the token is masked while typed and never printed');
    assert.match(res.screen, /wrote o11y\.yaml/);
    // The fake saw the check a user would see in their chat: one test message to that chat.
    const sent = (fake.received() as Array<{ method: string; body: { chat_id?: unknown } }>).filter((r) => r.method === 'sendMessage');
    assert.equal(sent.length, 1);
    assert.equal(String(sent[0].body.chat_id), String(CHANNEL));
  });

  test('--yes with O11Y_TELEGRAM_TOKEN stores the token in the secrets file only, asking nothing', async () => {
    const dir = scratch(fake.url);
    const res = await o11y(['init', '--yes', '--telegram-chat-id', String(CHANNEL)], { cwd: dir, env: { O11Y_TELEGRAM_TOKEN: TOKEN } });
    assert.equal(res.exitCode, 0, res.stdout + res.stderr);
    assert.equal(YAML.parse(readFileSync(path.join(dir, '.o11y', 'secrets.yaml'), 'utf8')).telegramBotToken, TOKEN);
    assert.doesNotMatch(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8') + res.stdout + res.stderr, /GOOD-token/);
    assert.match(res.stdout, /with the Telegram token/);
  });
});

import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { UserError } from '../../cli/errors.js';
import { configureTelegram, parseChatId, parseToken } from '../../cli/telegram/configure.js';
import { freePort } from '../support/free-port.js';
// @ts-expect-error: a plain .mjs file without types (it must run in a stock Node container)
import { startFakeTelegram } from '../support/fake-telegram.mjs';

const TOKEN = '987654:GOOD-token_abc';
const CHANNEL = -1001234567890;

describe('Telegram setup against the fake Bot API', () => {
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  const lines: string[] = [];
  const setup = (token: string | undefined, chatId: string | number | undefined) =>
    configureTelegram({ token, chatId, interactive: false, apiUrl: fake.url, report: (l) => lines.push(l) });

  async function rejects(promise: Promise<unknown>, message: RegExp, hint?: RegExp): Promise<UserError> {
    const err = await promise.then(
      () => assert.fail('expected the setup to fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof UserError, `a UserError, got ${err}`);
    assert.match(err.message, message);
    if (hint) assert.match(err.hint ?? '', hint);
    assert.doesNotMatch(`${err.message} ${err.hint}`, /GOOD-token|BAD-token/, 'the token is never shown');
    return err;
  }

  before(async () => {
    fake = await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [TOKEN], chats: [String(CHANNEL), '-4001'], blocked: ['555'] });
  });
  beforeEach(() => {
    fake.clear();
    lines.length = 0;
  });
  after(async () => fake?.close());

  test('a good token and chat: getMe, one test message to that chat, token and numeric id returned', async () => {
    const result = await setup(TOKEN, String(CHANNEL));
    assert.deepEqual(result, { token: TOKEN, chatId: CHANNEL, botUsername: 'o11y_lab_fake_bot' });
    const methods = fake.received().map((r: { method: string; status: number }) => `${r.method} ${r.status}`);
    assert.deepEqual(methods, ['getMe 200', 'sendMessage 200']);
    assert.equal(Number(fake.received()[1].body.chat_id), CHANNEL);
    assert.match(lines.join('\n'), /bot @o11y_lab_fake_bot posted a test message to chat -1001234567890/);
    assert.doesNotMatch(lines.join('\n'), /GOOD-token/);
  });

  test('a wrong token (401) says to copy it again from BotFather and sends nothing', async () => {
    await rejects(setup('987654:BAD-token', CHANNEL), /rejected the bot token \(401 Unauthorized\)/, /@BotFather/);
    assert.deepEqual(
      fake.received().map((r: { method: string }) => r.method),
      ['getMe'],
    );
  });

  test('an unknown chat (400 chat not found) explains adding the bot and the -100 prefix', async () => {
    await rejects(setup(TOKEN, '-1009999'), /does not know chat -1009999.*400 chat not found.*@o11y_lab_fake_bot/, /Add the bot to the group or channel.*-100/);
  });

  test('a channel id copied without -100 gets the corrected id suggested', async () => {
    await rejects(setup(TOKEN, '1234567890'), /chat not found/, /its id is -1001234567890/);
  });

  test('a chat where the bot may not post (403) says what to change', async () => {
    await rejects(setup(TOKEN, '555'), /refused to post to chat 555 \(403/, /Unblock the bot/);
  });

  test('mistakes caught before asking Telegram: @username, a "bot" prefix, only one of the two flags', async () => {
    await rejects(setup(TOKEN, '@mychannel'), /username; Alertmanager needs the chat's numeric id/, /getUpdates/);
    await rejects(setup(`bot${TOKEN}`, CHANNEL), /does not look like a bot token/, /no "bot" prefix/);
    await rejects(setup(TOKEN, undefined), /needs both --telegram-token and --telegram-chat-id/);
    assert.equal(fake.received().length, 0);
  });

  test('without token and chat id, non-interactive setup leaves notifications off', async () => {
    assert.deepEqual(await setup(undefined, undefined), {});
  });

  test('an unreachable Bot API says so without the token in the message', async () => {
    const closed = await freePort();
    const err = configureTelegram({ token: TOKEN, chatId: CHANNEL, interactive: false, apiUrl: `http://127.0.0.1:${closed}`, report: () => {} });
    await rejects(err, /could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/, /network/);
  });
});

/** A scripted terminal: answers each prompt when its question appears; keeps everything shown. */
function scriptedTerminal(answers: Array<[RegExp, string]>) {
  const input = new PassThrough();
  // Each prompt ends its output stream when done; a terminal outlives prompts.
  class Screen extends PassThrough {
    override end(): this {
      return this;
    }
  }
  const output = new Screen();
  let pending = '';
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    shown += chunk.toString();
    const next = answers[0];
    if (next?.[0].test(pending)) {
      answers.shift();
      pending = '';
      setTimeout(() => input.write(`${next[1]}\r`), 10);
    }
  });
  return { prompts: { input, output }, shown: () => shown, unanswered: () => answers.length };
}

test('interactive setup: a wrong token is explained, "try again" with the right one succeeds, input stays hidden', async () => {
  const fake = await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [TOKEN], chats: [String(CHANNEL)] });
  try {
    const term = scriptedTerminal([
      [/Send alert notifications to Telegram\?/, 'y'],
      [/Bot token/, '987654:BAD-token'],
      [/Chat id/, String(CHANNEL)],
      [/Try again\?/, 'y'],
      [/Bot token/, TOKEN],
      [/Chat id/, String(CHANNEL)],
    ]);
    const lines: string[] = [];
    const result = await configureTelegram({ interactive: true, apiUrl: fake.url, report: (l) => lines.push(l), prompts: term.prompts });
    assert.deepEqual(result, { token: TOKEN, chatId: CHANNEL, botUsername: 'o11y_lab_fake_bot' });
    assert.equal(term.unanswered(), 0);
    assert.match(lines.join('\n'), /rejected the bot token \(401[\s\S]*@BotFather[\s\S]*posted a test message/);
    assert.doesNotMatch(term.shown() + lines.join('\n'), /GOOD-token|BAD-token/, 'tokens are masked while typed and never printed');
  } finally {
    await fake.close();
  }
});

test('interactive setup: answering no leaves Telegram off; an existing setup can be kept', async () => {
  const off = scriptedTerminal([[/Send alert notifications to Telegram\?/, 'n']]);
  assert.deepEqual(await configureTelegram({ interactive: true, report: () => {}, prompts: off.prompts }), {});
  const keep = scriptedTerminal([[/Telegram is set up \(bot token 9876…bc, chat -1001234567890\)\. Keep it\?/, 'y']]);
  assert.deepEqual(await configureTelegram({ interactive: true, existing: { token: TOKEN, chatId: CHANNEL }, report: () => {}, prompts: keep.prompts }), {});
});

test('chat ids and tokens are parsed strictly', () => {
  assert.equal(parseChatId(' -1001234567890 '), -1001234567890);
  assert.equal(parseChatId(42), 42);
  assert.throws(() => parseChatId('12abc'), /not a Telegram chat id/);
  assert.throws(() => parseChatId('0'), /not a Telegram chat id/);
  assert.equal(parseToken(' 123:abc_DEF-9\n'), '123:abc_DEF-9');
  assert.throws(() => parseToken('https://api.telegram.org/bot123:abc/getMe'), /does not look like a bot token/);
});

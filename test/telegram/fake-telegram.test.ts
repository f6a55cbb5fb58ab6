// The fake Bot API as the stack's end-to-end test runs it in a container: `node fake-telegram.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { outputLine } from '../support/ready-check.js';

test('node fake-telegram.mjs answers like Telegram and records what it got', async () => {
  const port = await freePort();
  // As in its container: only the variables it is given.
  const fake = await startProcess([process.execPath, path.resolve('test/support/fake-telegram.mjs')], {
    cleanEnv: true,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', FAKE_TELEGRAM_TOKENS: '42:abc', FAKE_TELEGRAM_CHATS: '-100777' },
    ready: outputLine(/listening/),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const call = async (token: string, method: string, body: unknown) => {
      const res = await fetch(`${base}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; description?: string } };
    };
    assert.equal((await call('42:abc', 'getMe', {})).status, 200);
    assert.deepEqual(await call('42:wrong', 'getMe', {}), { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    assert.equal((await call('42:abc', 'sendMessage', { chat_id: -1, text: 'x' })).body.description, 'Bad Request: chat not found');
    const html = await call('42:abc', 'sendMessage', { chat_id: -100777, text: '<b>1 < 2</b>', parse_mode: 'HTML' });
    assert.equal(html.status, 400, 'an unescaped < is rejected, as Telegram does');
    assert.equal((await call('42:abc', 'sendMessage', { chat_id: -100777, text: '<b>1 &lt; 2</b>', parse_mode: 'HTML' })).status, 200);
    assert.equal((await call('42:abc', 'sendMessage', { chat_id: -100777, text: 'x'.repeat(4097) })).body.description, 'Bad Request: message is too long');

    const received = (await (await fetch(`${base}/_received`)).json()) as Array<{ method: string; status: number }>;
    assert.deepEqual(
      received.map((r) => `${r.method} ${r.status}`),
      ['getMe 200', 'getMe 401', 'sendMessage 400', 'sendMessage 400', 'sendMessage 200', 'sendMessage 400'],
    );
  } finally {
    await fake.stop();
  }
});

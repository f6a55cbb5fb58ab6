import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, redactLogLine } from '../../cli/output.js';

test('a Telegram bot token in a log line (as Alertmanager logs a failed sendMessage) is replaced', () => {
  // Assembled so the repository holds no token-shaped string; obviously fake anyway.
  const token = ['123456789', 'AAHfake-token_for_the_test_only_xyz'].join(':');
  const line = `level=error msg="Notify for alerts failed" err="telegram: Post \\"https://api.telegram.org/bot${token}/sendMessage\\": dial tcp: i/o timeout"`;
  const shown = redactLogLine(line);
  assert.ok(!shown.includes(token), shown);
  assert.match(shown, /bot<telegram-token>\/sendMessage/);
  assert.equal(redactLogLine('ts=2026-11-25T18:00:00Z level=info msg="Completed loading"'), 'ts=2026-11-25T18:00:00Z level=info msg="Completed loading"');
});

test('redact keeps only a recognisable hint of a secret', () => {
  assert.equal(redact(undefined), '(not set)');
  assert.equal(redact('short'), '****');
  const shown = redact('0123456789abcdefghij');
  assert.ok(!shown.includes('456789abcdefgh'));
});

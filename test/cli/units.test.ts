// The one set of rules for the durations and percentages people type, on flags and in o11y.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../cli/lab/load-config.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { formatDuration, isPrometheusDuration, parseCount, parseDuration, parseRatio } from '../../cli/units.js';
import { wrapText } from '../../cli/output.js';

test('durations read every unit from us to d, decimals and compounds, in milliseconds', () => {
  assert.equal(parseDuration('500us'), 0.5);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('1d'), 86_400_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1d2h3m4s5ms'), 93_784_005);
  assert.equal(parseDuration(' 1.5s '), 1500, 'surrounding spaces are ignored');
});

test('a bare number is refused, naming the setting and the units it takes', () => {
  assert.throws(
    () => parseDuration('50', { what: '--max-p99' }),
    (err: Error & { hint?: string }) => {
      assert.equal(err.name, 'UserError');
      assert.equal(err.message, 'Invalid --max-p99 "50": a duration needs a unit (us, ms, s, m, h or d).');
      assert.equal(err.hint, 'Did you mean 50ms?');
      return true;
    },
  );
  assert.throws(() => parseDuration('10'), /Invalid duration "10"/);
  // "0ms" would be refused next as no duration at all: no such guess for a zero.
  assert.throws(
    () => parseDuration('0', { what: '-d' }),
    (err: Error & { hint?: string }) => err.hint === 'For example 30s or 2m.',
  );
});

test('anything else that is not a duration is refused with an example of one', () => {
  for (const bad of ['', '10 minutes', '30 s', '-5s', '1w', '1y', '.5s', '30s1m', '1m1m', 's', '5sec']) {
    assert.throws(
      () => parseDuration(bad, { what: '--timeout' }),
      (err: Error & { hint?: string }) => err.name === 'UserError' && err.message.startsWith(`Invalid --timeout "${bad}"`) && /1m30s/.test(err.hint ?? ''),
      bad,
    );
  }
});

test('Prometheus durations: whole numbers, largest unit first, which parseDuration also reads', () => {
  const good = ['30s', '1m30s', '1d', '1d12h', '500ms', '1s500ms', '2h', '0s'];
  for (const text of good) {
    assert.ok(isPrometheusDuration(text), text);
    assert.doesNotThrow(() => parseDuration(text), text);
  }
  for (const text of ['', '30', '1.5m', '500us', '30s1m', ' 30s', '1w', 30, undefined]) assert.ok(!isPrometheusDuration(text), String(text));
});

test('o11y.yaml takes the durations Prometheus takes, days included', () => {
  const withRule = (window: string, scrapeInterval = '5s'): LabConfig => ({
    ...DEFAULT_CONFIG,
    scrapeInterval,
    alerts: { ...DEFAULT_CONFIG.alerts, requestRate: { ...DEFAULT_CONFIG.alerts.requestRate, window } },
  });
  assert.doesNotThrow(() => validateConfig(withRule('1d'), 'o11y.yaml'));
  assert.doesNotThrow(() => validateConfig(withRule('1m30s'), 'o11y.yaml'));
  assert.throws(() => validateConfig(withRule('1.5m'), 'o11y.yaml'), /o11y\.yaml: alerts\.requestRate\.window must be a Prometheus duration/);
  assert.throws(() => validateConfig(withRule('30s', '5'), 'o11y.yaml'), /o11y\.yaml: scrapeInterval must be a Prometheus duration/);
});

test('formatDuration writes what parseDuration reads', () => {
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(0), '0ms');
  assert.equal(formatDuration(2500), '2.5s');
  for (const ms of [250, 1000, 2500, 90_000, 5_400_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
});

test('ratios: a percentage or a fraction from 0 to 1', () => {
  assert.equal(parseRatio('20%'), 0.2);
  assert.equal(parseRatio('0.5%'), 0.005);
  assert.equal(parseRatio('0.2'), 0.2);
  assert.equal(parseRatio('100%'), 1);
  assert.equal(parseRatio('0'), 0);
  assert.throws(() => parseRatio('150%', { what: '--max-error-rate' }), /Invalid --max-error-rate "150%"/);
  assert.throws(() => parseRatio('-3%'), /Invalid ratio "-3%"/);
  assert.throws(
    () => parseRatio('20', { what: 'error rate' }),
    (err: Error & { hint?: string }) => err.hint === 'Did you mean 20%?',
  );
  assert.throws(
    () => parseRatio('lots'),
    (err: Error & { hint?: string }) => /20%/.test(err.hint ?? ''),
  );
});

test('counts are whole numbers within bounds', () => {
  assert.equal(parseCount('200', '--users'), 200);
  assert.throws(() => parseCount('0', '--users'), /Invalid --users "0": expected a whole number from 1 to 1000000/);
  assert.throws(() => parseCount('1.5', '--rate', { max: 10 }), /Invalid --rate "1.5"/);
});

test('hints wrap at spaces to the terminal width, never inside a word', () => {
  const hint = '  Turn them on: `o11y init` (it asks), or `O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>`, then `o11y up`.';
  const wrapped = wrapText(hint, 60, '  ');
  for (const line of wrapped.split('\n')) assert.ok(line.length <= 60, `${line.length}: ${line}`);
  assert.match(wrapped, /--telegram-chat-id <id>`,/, 'the flag and its value stay together');
  assert.equal(wrapped.replace(/\n {2}/g, ' '), hint, 'only spaces became line breaks');
  // A word longer than the line stays whole; existing breaks are kept.
  assert.equal(wrapText(`see ${'x'.repeat(80)} now`, 40), `see\n${'x'.repeat(80)}\nnow`);
  assert.equal(wrapText('a\nb', 40), 'a\nb');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeliveryCounts } from '../../cli/alerts/alertmanager-metrics.js';
import { parseErrorRate, parseLatency } from '../../cli/alerts/chaos-client.js';
import { parseDuration } from '../../cli/alerts/duration.js';
import { alertRules, formatAlertValue } from '../../cli/alerts/rules.js';
import { formatAlertWait } from '../../cli/alerts/until-alert.js';
import { defaultAlertTimeoutMs } from '../../cli/alerts/wait-for-alert.js';
import { DEFAULT_CONFIG } from '../../cli/config/schema.js';

test('Prometheus durations', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.throws(() => parseDuration('1.5m'), /not a Prometheus duration/);
});

test('chaos amounts as people type them', () => {
  assert.equal(parseLatency('600ms'), 600);
  assert.equal(parseLatency('1.5s'), 1500);
  assert.equal(parseLatency('250'), 250);
  assert.throws(() => parseLatency('61s'), /more than the 60 s/);
  assert.equal(parseErrorRate('20%'), 0.2);
  assert.equal(parseErrorRate('0.05'), 0.05);
  assert.throws(() => parseErrorRate('-3%'), /not a share/);
});

test('Telegram delivery counts from Alertmanager metrics (absent counts as 0)', () => {
  const text = [
    'alertmanager_notifications_failed_total{integration="email"} 4',
    'alertmanager_notifications_failed_total{integration="telegram"} 1',
    'alertmanager_notifications_total{integration="telegram"} 7',
  ].join('\n');
  assert.deepEqual(parseDeliveryCounts(text), { attempted: 7, failed: 1 });
  assert.deepEqual(parseDeliveryCounts(''), { attempted: 0, failed: 0 });
});

test('values and wait results read well', () => {
  const [rate, p99, errors] = alertRules(DEFAULT_CONFIG);
  assert.equal(formatAlertValue(rate, 212.4), '212 req/s');
  assert.equal(formatAlertValue(p99, 0.6123), '0.612 s');
  assert.equal(formatAlertValue(errors, 0.2), '20%');
  assert.equal(formatAlertValue(errors, NaN), '-');
  assert.equal(
    formatAlertWait({ alertName: 'HighRequestRate', pendingAfterMs: 17_500, firingAfterMs: 32_500, deliveredAfterMs: 34_020, alreadyFiring: false }),
    'HighRequestRate: pending after 17.5 s, firing after 32.5 s, delivered to Telegram after 34.0 s',
  );
  // window 30s + for 15s + 2×5s evaluation + 2×5s scrape + group wait + a minute.
  assert.ok(defaultAlertTimeoutMs(DEFAULT_CONFIG, 'HighRequestRate') >= 110_000);
  assert.throws(() => defaultAlertTimeoutMs(DEFAULT_CONFIG, 'NoSuchAlert'), /no alert rule named "NoSuchAlert"/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeliveryCounts } from '../../cli/clients/alertmanager-metrics.js';
import { parseErrorRate, parseLatency } from '../../cli/clients/chaos-client.js';
import { firstRiseAfter, lastSpell } from '../../cli/alerts/alert-history.js';
import { formatAlertStatus } from '../../cli/alerts/format-alert-status.js';
import { alertRules, formatAlertValue } from '../../cli/alerts/rules.js';
import { formatAlertWait } from '../../cli/alerts/until-alert.js';
import { defaultAlertTimeoutMs } from '../../cli/alerts/wait-for-alert.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';

test('chaos amounts as people type them', () => {
  assert.equal(parseLatency('600ms'), 600);
  assert.equal(parseLatency('1.5s'), 1500);
  assert.equal(parseLatency('0ms'), 0);
  // A bare number is refused, as `o11y load --max-p99 50` is.
  assert.throws(
    () => parseLatency('600'),
    (err: Error & { hint?: string }) => /Invalid latency "600"/.test(err.message) && err.hint === 'Did you mean 600ms?',
  );
  assert.throws(() => parseLatency('61s'), /more than the 60 s/);
  assert.equal(parseErrorRate('20%'), 0.2);
  assert.equal(parseErrorRate('0.05'), 0.05);
  assert.throws(() => parseErrorRate('-3%'), /Invalid error rate "-3%"/);
});

test('Telegram delivery counts from Alertmanager metrics (absent counts as 0)', () => {
  const text = [
    'alertmanager_notifications_failed_total{integration="email"} 4',
    'alertmanager_notifications_failed_total{integration="telegram"} 1',
    'alertmanager_notifications_total{integration="telegram"} 7',
  ].join('\n');
  assert.deepEqual(parseDeliveryCounts(text), { delivered: 0, failed: 1, retrying: 6, requests: 0, rejectedRequests: 0 });
  assert.deepEqual(parseDeliveryCounts(''), { delivered: 0, failed: 0, retrying: 0, requests: 0, rejectedRequests: 0 });
});

test('Alertmanager 0.25 exposition: one line per integration', () => {
  const text = [
    '# HELP alertmanager_notifications_failed_total The total number of failed notifications.',
    '# TYPE alertmanager_notifications_failed_total counter',
    'alertmanager_notifications_failed_total{integration="email"} 0',
    'alertmanager_notifications_failed_total{integration="telegram"} 2',
    'alertmanager_notifications_failed_total{integration="webhook"} 5',
    '# TYPE alertmanager_notifications_total counter',
    'alertmanager_notifications_total{integration="email"} 3',
    'alertmanager_notifications_total{integration="telegram"} 9',
    'alertmanager_notifications_latency_seconds_bucket{integration="telegram",le="1"} 40',
    'alertmanager_notification_requests_failed_total{integration="telegram"} 13',
    'alertmanager_notification_requests_total{integration="telegram"} 20',
  ].join('\n');
  // 9 notifications, 2 given up on after retries; 20 requests, 13 rejected: 7 delivered.
  assert.deepEqual(parseDeliveryCounts(text), { delivered: 7, failed: 2, retrying: 0, requests: 20, rejectedRequests: 13 });
});

test('Alertmanager 0.27 exposition: failures split by reason are summed', () => {
  const text = [
    '# TYPE alertmanager_notifications_failed_total counter',
    'alertmanager_notifications_failed_total{integration="email",reason="other"} 7',
    'alertmanager_notifications_failed_total{integration="telegram",reason="clientError"} 0',
    'alertmanager_notifications_failed_total{integration="telegram",reason="contextCanceled"} 1',
    'alertmanager_notifications_failed_total{integration="telegram",reason="contextDeadlineExceeded"} 0',
    'alertmanager_notifications_failed_total{integration="telegram",reason="other"} 2',
    'alertmanager_notifications_failed_total{integration="telegram",reason="serverError"} 3',
    'alertmanager_notifications_failed_total{integration="webhook",reason="other"} 4',
    '# TYPE alertmanager_notifications_total counter',
    'alertmanager_notifications_total{integration="email"} 11',
    'alertmanager_notifications_total{integration="telegram"} 12',
  ].join('\n');
  assert.deepEqual(parseDeliveryCounts(text), { delivered: 0, failed: 6, retrying: 6, requests: 0, rejectedRequests: 0 });
  // Should a later version split attempts too (e.g. by receiver), those add up as well.
  const split = [
    'alertmanager_notifications_total{integration="telegram",receiver_name="a"} 4',
    'alertmanager_notifications_total{integration="telegram",receiver_name="b"} 5',
  ].join('\n');
  assert.deepEqual(parseDeliveryCounts(split), { delivered: 0, failed: 0, retrying: 9, requests: 0, rejectedRequests: 0 });
});

test('values and wait results read well', () => {
  const [rate, p99, errors] = alertRules(DEFAULT_CONFIG);
  assert.equal(formatAlertValue(rate, 212.4), '212 req/s');
  assert.equal(formatAlertValue(p99, 0.6123), '0.612 s');
  assert.equal(formatAlertValue(errors, 0.2), '20%');
  assert.equal(formatAlertValue(errors, NaN), '-');
  assert.equal(
    formatAlertWait({
      alertName: 'HighRequestRate',
      pendingAfterMs: 17_500,
      firingAfterMs: 32_500,
      deliveredAfterMs: 34_020,
      alreadyFiring: false,
      deliveryRequired: true,
    }),
    'HighRequestRate: pending after 17.5 s, firing after 32.5 s, delivered to Telegram after 34.0 s',
  );
  assert.equal(
    formatAlertWait({ alertName: 'HighRequestRate', firingAfterMs: 32_500, alreadyFiring: false, deliveryRequired: false }),
    'HighRequestRate: firing after 32.5 s, Telegram off (nothing sent)',
  );
  // Telegram on but no delivery time: never "Telegram off".
  const undelivered = formatAlertWait({ alertName: 'HighRequestRate', firingAfterMs: 32_500, alreadyFiring: false, deliveryRequired: true });
  assert.doesNotMatch(undelivered, /Telegram off/);
  assert.match(undelivered, /Telegram delivery not confirmed/);
  // window 30s + for 15s + 2×5s evaluation + 2×5s scrape + group wait + a minute.
  assert.ok(defaultAlertTimeoutMs(DEFAULT_CONFIG, 'HighRequestRate') >= 110_000);
  assert.throws(() => defaultAlertTimeoutMs(DEFAULT_CONFIG, 'NoSuchAlert'), /no alert rule named "NoSuchAlert"/);
});

test('the alerts table says when Telegram is off and names rules Prometheus could not evaluate', () => {
  const out = formatAlertStatus({
    rules: [
      { name: 'HighRequestRate', state: 'inactive', valueText: '-', threshold: '> 100 req/s', window: '30s', for: '15s', error: 'not loaded by Prometheus' },
    ],
    telegram: { enabled: false },
  });
  assert.match(out, /^ALERT\s+STATE\s+VALUE\s+THRESHOLD\s+WINDOW\s+FOR\s+SINCE\s+PROBLEM/);
  assert.match(out, /HighRequestRate\s+inactive\s+-\s+> 100 req\/s.*not loaded by Prometheus/);
  assert.match(out, /Telegram off: alerts fire and show here but notify nobody/);
});

test('alert history: the last firing spell, and the first Telegram delivery after it began', () => {
  // Firing 100-120 s, a gap, then 200-230 s (5 s steps).
  const firing: Array<[number, number]> = [100, 105, 110, 115, 120, 200, 205, 210, 215, 220, 225, 230].map((t) => [t, 1]);
  assert.deepEqual(lastSpell(firing, 5), [200, 230]);
  assert.equal(lastSpell([], 5), undefined);
  // Accepted requests: 3 until 205 s, 4 from 210 s.
  const delivered = { metric: {}, values: [190, 195, 200, 205, 210, 215].map((t) => [t, t < 210 ? 3 : 4] as [number, number]) };
  assert.equal(firstRiseAfter(delivered, 195), 210);
  assert.equal(firstRiseAfter(delivered, 210), undefined);
  assert.equal(firstRiseAfter(undefined, 195), undefined);
});

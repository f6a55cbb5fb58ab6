// waitForAlert (what `o11y load --until-alert` waits with) against a real Prometheus evaluating a
// rule and a real Alertmanager (Debian's binaries, on loopback): the load ending between the
// alert firing and the Telegram delivery is an error that says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import YAML from 'yaml';
import { waitForAlert, type AlertStep } from '../../cli/alerts/wait-for-alert.js';
import { startTempAlertmanager, type TempAlertmanager } from '../support/alertmanager.js';
import { eventually } from '../support/eventually.js';
import { startTempPrometheus, type TempPrometheus } from '../support/prometheus.js';

/** Pending for 5 s, then firing: long enough that the wait's first poll sees it pending. */
const RULES = {
  groups: [{ name: 'test', interval: '1s', rules: [{ alert: 'HighRequestRate', expr: 'vector(212)', for: '5s' }] }],
};

let am: TempAlertmanager;
let prom: TempPrometheus;
before(async () => {
  // Alertmanager with no Telegram receiver: whatever Prometheus sends it, no delivery can come.
  am = await startTempAlertmanager([
    { path: 'alertmanager/alertmanager.yml', content: YAML.stringify({ route: { receiver: 'none' }, receivers: [{ name: 'none' }] }) },
  ]);
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: ['alerts.yml'],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }] },
  };
  prom = await startTempPrometheus(YAML.stringify(config), { 'alerts.yml': YAML.stringify(RULES) });
});
after(async () => {
  await prom?.stop();
  await am?.stop();
});

/** The rule's state as Prometheus's alerts API gives it (undefined while inactive). */
async function state(): Promise<string | undefined> {
  const body = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: { alertname: string }; state: string }> } };
  return body.data.alerts.find((a) => a.labels.alertname === 'HighRequestRate')?.state;
}

test('the load ending after the alert fired but before the Telegram delivery is an error', async () => {
  await eventually('HighRequestRate pending in Prometheus', async () => (await state()) === 'pending', { timeoutMs: 30_000, intervalMs: 100 });
  const startedAt = Date.now();
  const controller = new AbortController();
  const steps: AlertStep[] = [];
  const waiting = waitForAlert({
    prometheusUrl: prom.url,
    alertmanagerUrl: am.url,
    alertName: 'HighRequestRate',
    requireDelivery: true,
    timeoutMs: 60_000,
    startedAt,
    pollMs: 100,
    signal: controller.signal,
    // The load ends right as the alert fires, before Alertmanager could deliver it.
    onStep: (step) => {
      steps.push(step);
      if (step === 'firing') controller.abort();
    },
  });
  await assert.rejects(waiting, (err: Error & { hint?: string; code?: string }) => {
    assert.equal(err.name, 'UserError');
    assert.equal(err.code, 'O11Y_ALERT_NOT_DELIVERED');
    const firedAfter = Number(
      /^HighRequestRate fired after (\d+\.\d) s, but the load ended before Alertmanager confirmed the Telegram delivery\.$/.exec(err.message)?.[1],
    );
    // Pending for 5 s from when it was seen pending: it fires within those 5 s and a few evaluations.
    assert.ok(firedAfter > 0 && firedAfter <= (Date.now() - startedAt) / 1000, err.message);
    assert.match(err.hint ?? '', /o11y alerts/);
    return true;
  });
  assert.deepEqual(steps, ['pending', 'firing']);
  assert.equal(await state(), 'firing', 'Prometheus has it firing, as the error says');
});

// Glue for `o11y load --until-alert NAME` (and the trigger-alert preset): runs waitForAlert
// beside the load and answers the run's stop condition (cli/lab/until-alert-output.ts) once the
// alert fired and was delivered (or the wait failed), so the load stops right then.
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { labUrls } from './alert-status.js';
import { telegramEnabled } from './render-alertmanager.js';
import { alertRules } from './rules.js';
import { defaultAlertTimeoutMs, unknownAlert, waitForAlert, type AlertStep, type AlertWaitResult } from './wait-for-alert.js';

export interface UntilAlert {
  /** The stop condition: false while waiting, then a one-line reason to stop. */
  stopWhen(): string | false;
  /** The step times; rejects with a UserError when the alert did not fire or deliver in time. */
  settle(): Promise<AlertWaitResult>;
  /** Stops waiting (the load ended first, e.g. Ctrl-C or its duration ran out). */
  cancel(): void;
}

export interface UntilAlertOptions {
  urls?: { prometheusUrl: string; alertmanagerUrl: string };
  timeoutMs?: number;
  onStep?: (step: AlertStep, afterMs: number) => void;
}

/** Call right before starting the load: step times are measured from this moment. */
export function untilAlert(config: LabConfig, secrets: Partial<Secrets>, alertName: string, options: UntilAlertOptions = {}): UntilAlert {
  if (!alertRules(config).some((r) => r.name === alertName)) throw unknownAlert(config, alertName);
  const controller = new AbortController();
  let outcome: { result: AlertWaitResult } | { error: Error } | undefined;
  const waiting = waitForAlert({
    ...(options.urls ?? labUrls(config, secrets)),
    alertName,
    requireDelivery: telegramEnabled(config, secrets),
    timeoutMs: options.timeoutMs ?? defaultAlertTimeoutMs(config, alertName),
    startedAt: Date.now(),
    signal: controller.signal,
    onStep: options.onStep,
  });
  waiting.then(
    (result) => (outcome = { result }),
    (error: Error) => (outcome = { error }),
  );
  return {
    stopWhen: () => (!outcome ? false : 'result' in outcome ? formatAlertWait(outcome.result) : outcome.error.message),
    settle: () => waiting,
    cancel: () => controller.abort(),
  };
}

const seconds = (ms?: number) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

/** "HighRequestRate: pending after 18.2 s, firing after 33.4 s, delivered to Telegram after 35.0 s" */
export function formatAlertWait(r: AlertWaitResult): string {
  if (r.alreadyFiring) return `${r.alertName} was already firing when the load started (Telegram was told earlier).`;
  const steps = [
    r.pendingAfterMs !== undefined ? `pending after ${seconds(r.pendingAfterMs)}` : '',
    `firing after ${seconds(r.firingAfterMs)}`,
    r.deliveredAfterMs !== undefined
      ? `delivered to Telegram after ${seconds(r.deliveredAfterMs)}`
      : r.deliveryRequired
        ? 'Telegram delivery not confirmed'
        : 'Telegram off (nothing sent)',
  ].filter(Boolean);
  return `${r.alertName}: ${steps.join(', ')}`;
}

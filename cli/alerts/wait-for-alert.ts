// Waits until a named alert fires in Prometheus and, when Telegram is set up, until Alertmanager
// has delivered it (its telegram notification counter rose and its failure counter did not).
// `o11y load --preset trigger-alert` / `--until-alert NAME` run the load until this resolves.
import type { LabConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { fetchDeliveryCounts, type DeliveryCounts } from '../clients/alertmanager-metrics.js';
import { parseDuration } from '../units.js';
import { fetchActiveAlerts } from '../clients/prometheus-api.js';
import { LAB_ROUTE_TIMING } from './render-alertmanager.js';
import { firingSpells } from './alert-times.js';
import { alertRules } from './rules.js';

export type AlertStep = 'pending' | 'firing' | 'delivered';

export interface WaitForAlertOptions {
  prometheusUrl: string;
  alertmanagerUrl: string;
  alertName: string;
  /** Wait for the Telegram delivery too (only when Telegram is set up). */
  requireDelivery: boolean;
  timeoutMs: number;
  /** When the load started (Date.now()); step times are measured from it. Default: now. */
  startedAt?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Called once per step as it happens, with ms since startedAt; firing also with when Prometheus fired it (ISO). */
  onStep?: (step: AlertStep, afterMs: number, at?: string) => void;
  /** Prometheus' evaluation interval in seconds (its ALERTS samples' spacing); default 5. */
  evaluationS?: number;
}

export interface AlertWaitResult {
  alertName: string;
  /** ms from startedAt; pending may be missed when `for` is shorter than a poll. */
  pendingAfterMs?: number;
  firingAfterMs: number;
  deliveredAfterMs?: number;
  /** The alert was already firing when the wait began (no new notification will come). */
  alreadyFiring: boolean;
  /** The wait also waited for the Telegram delivery (Telegram is set up). */
  deliveryRequired: boolean;
  value?: string;
  /** When Prometheus fired it (ISO): the time `o11y alerts` and `o11y status` show for this event. */
  firedAt?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A generous time limit for one rule: window + for + evaluation + Alertmanager's group wait + 60 s,
 * rounded up to whole minutes, a figure people read ("at most 3m", not "2m52s").
 */
export function defaultAlertTimeoutMs(config: LabConfig, alertName: string): number {
  const rule = alertRules(config).find((r) => r.name === alertName);
  if (!rule) throw unknownAlert(config, alertName);
  const ms =
    parseDuration(rule.settings.window) +
    parseDuration(rule.settings.for) +
    2 * parseDuration(config.evaluationInterval) +
    2 * parseDuration(config.scrapeInterval) +
    parseDuration(LAB_ROUTE_TIMING.groupWait) +
    60_000;
  return Math.ceil(ms / 60_000) * 60_000;
}

export function unknownAlert(config: LabConfig, name: string): UserError {
  return new UserError(`There is no alert rule named "${name}".`, {
    code: 'O11Y_NAME_UNKNOWN',
    hint: `The lab's rules: ${alertRules(config)
      .map((r) => r.name)
      .join(', ')}.`,
  });
}

/** The firing evaluation of the alert (alert-times.ts), or undefined when Prometheus' samples do not say yet. */
async function firedAt(o: WaitForAlertOptions): Promise<string | undefined> {
  const spells = await firingSpells(o.prometheusUrl, o.evaluationS ?? 5, { lookbackS: 3600 }).catch(() => undefined);
  return spells?.get(o.alertName)?.firedAt;
}

export async function waitForAlert(options: WaitForAlertOptions): Promise<AlertWaitResult> {
  const startedAt = options.startedAt ?? Date.now();
  const pollMs = options.pollMs ?? 500;
  const deadline = Date.now() + options.timeoutMs;
  const since = () => Date.now() - startedAt;
  const result: Partial<AlertWaitResult> & { alertName: string } = { alertName: options.alertName, deliveryRequired: options.requireDelivery };
  const mark = (step: AlertStep, key: 'pendingAfterMs' | 'firingAfterMs' | 'deliveredAfterMs', at?: string) => {
    if (result[key] !== undefined) return;
    // Firing is timed by Prometheus' own evaluation, not by when this poll saw it.
    const atMs = at ? Date.parse(at) - startedAt : undefined;
    result[key] = atMs !== undefined && atMs >= 0 ? Math.min(atMs, since()) : since();
    options.onStep?.(step, result[key]!, at);
  };

  const baseline: DeliveryCounts | undefined = options.requireDelivery ? await fetchDeliveryCounts(options.alertmanagerUrl) : undefined;
  let firstPoll = true;
  /** Attempts seen on the previous poll; delivery counts once the failure counter stayed put across a poll. */
  let risenAt: DeliveryCounts | undefined;

  while (!options.signal?.aborted) {
    if (result.firingAfterMs === undefined) {
      const alert = (await fetchActiveAlerts(options.prometheusUrl)).find((a) => a.labels.alertname === options.alertName);
      if (alert?.state === 'pending') mark('pending', 'pendingAfterMs');
      if (alert?.state === 'firing') {
        result.alreadyFiring = firstPoll;
        result.value = alert.value;
        result.firedAt = await firedAt(options);
        mark('firing', 'firingAfterMs', result.firedAt);
        // Already firing before we began: Alertmanager notified earlier and will not again soon.
        if (!baseline || result.alreadyFiring) break;
      }
    } else if (baseline) {
      const now = await fetchDeliveryCounts(options.alertmanagerUrl);
      if (now.failed > baseline.failed) {
        throw new UserError(`Alertmanager failed to deliver ${options.alertName} to Telegram (alertmanager_notifications_failed_total rose).`, {
          code: 'O11Y_ALERT_NOT_DELIVERED',
          hint: 'See why in `o11y logs alertmanager` (a wrong token or chat id shows there); check the setup with `o11y init`.',
        });
      }
      // The attempt counter rises before the attempt finishes: confirm on the next poll.
      if (risenAt && now.failed === risenAt.failed) {
        mark('delivered', 'deliveredAfterMs');
        break;
      }
      if (now.delivered + now.failed + now.retrying > baseline.delivered + baseline.failed + baseline.retrying) risenAt = now;
    }
    firstPoll = false;
    if (Date.now() > deadline) {
      const reached =
        result.firingAfterMs !== undefined
          ? 'fired but Telegram delivery was not confirmed'
          : result.pendingAfterMs !== undefined
            ? 'was pending but did not fire'
            : 'did not fire';
      throw new UserError(`${options.alertName} ${reached} within ${Math.round(options.timeoutMs / 1000)} s.`, {
        code: 'O11Y_ALERT_NOT_REACHED',
        hint: "Is the load reaching the threshold? `o11y alerts` shows each rule's value and state.",
      });
    }
    await sleep(pollMs, options.signal);
  }
  if (result.firingAfterMs === undefined) {
    throw new UserError(`The load ended before ${options.alertName} fired${result.pendingAfterMs !== undefined ? ' (it was pending)' : ''}.`, {
      code: 'O11Y_ALERT_NOT_REACHED',
      hint: 'Hold the load longer (--duration) or raise it; `o11y alerts` shows how close each rule is.',
    });
  }
  if (baseline && !result.alreadyFiring && result.deliveredAfterMs === undefined) {
    throw new UserError(
      `${options.alertName} fired after ${(result.firingAfterMs / 1000).toFixed(1)} s, but the load ended before Alertmanager confirmed the Telegram delivery.`,
      {
        code: 'O11Y_ALERT_NOT_DELIVERED',
        hint: '`o11y alerts` shows the Telegram delivery counts (delivered, failed, being retried); hold the load longer (--duration) to wait for the delivery.',
      },
    );
  }
  return { alreadyFiring: false, ...result } as AlertWaitResult;
}

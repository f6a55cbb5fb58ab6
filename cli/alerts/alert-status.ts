// The lab's alerts as `o11y alerts` and `o11y status` show them: each rule's state and current
// value from Prometheus, and Telegram delivery counts from Alertmanager.
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { fetchDeliveryCounts, type DeliveryCounts } from '../clients/alertmanager-metrics.js';
import { fetchAlertingRules, queryValue, type AlertState } from '../clients/prometheus-api.js';
import { webLogin, withLogin } from '../stack/exposure.js';
import { labUrl } from '../stack/host-url.js';
import { parseDuration } from '../units.js';
import { alertHistory, type AlertHistory } from './alert-history.js';
import { telegramEnabled } from './render-alertmanager.js';
import { alertRules, formatAlertValue, formatThreshold } from './rules.js';

export interface AlertRow {
  name: string;
  state: AlertState;
  /** Current value of the rule's expression; undefined when there is no data (no traffic). */
  value?: number;
  valueText: string;
  threshold: string;
  window: string;
  for: string;
  /** When the alert became pending (and then firing), ISO time. */
  activeSince?: string;
  summary?: string;
  /** Prometheus could not evaluate the rule (health "err"). */
  error?: string;
  /** Its last firing spell (within the last hour) and when Telegram accepted a message after it began. */
  lastFiredAt?: string;
  resolvedAt?: string;
  telegramAt?: string;
}

export interface AlertStatus {
  rules: AlertRow[];
  telegram: {
    enabled: boolean;
    /** Counts since Alertmanager started; undefined with the reason when it did not answer. */
    deliveries?: DeliveryCounts;
    error?: string;
  };
}

/** The lab's Prometheus and Alertmanager, with the web login they ask for when exposed (sent always: unasked, it is ignored). Never print these. */
export function labUrls(config: LabConfig, secrets: Partial<Secrets> = {}): { prometheusUrl: string; alertmanagerUrl: string } {
  const login = webLogin(secrets);
  return { prometheusUrl: withLogin(labUrl(config, 'prometheus'), login), alertmanagerUrl: withLogin(labUrl(config, 'alertmanager'), login) };
}

/** Throws a UserError when Prometheus does not answer; an Alertmanager failure is reported in the result. */
export async function getAlertStatus(
  config: LabConfig,
  secrets: Partial<Secrets>,
  urls: { prometheusUrl: string; alertmanagerUrl: string } = labUrls(config, secrets),
): Promise<AlertStatus> {
  const evaluated = await fetchAlertingRules(urls.prometheusUrl);
  const firingNow = new Set(evaluated.filter((r) => r.state === 'firing').map((r) => r.name));
  const [deliveries, history] = await Promise.all([
    fetchDeliveryCounts(urls.alertmanagerUrl).then(
      (counts) => ({ counts }),
      (err: Error) => ({ error: err.message }),
    ),
    // History is a bonus: a Prometheus that cannot answer it still gives the current state.
    alertHistory(urls.prometheusUrl, firingNow, { stepS: stepSeconds(config.scrapeInterval) }).catch(() => new Map<string, AlertHistory>()),
  ]);
  const rules = await Promise.all(
    alertRules(config).map(async (rule): Promise<AlertRow> => {
      const live = evaluated.find((r) => r.name === rule.name);
      const value = await queryValue(urls.prometheusUrl, rule.valueExpr);
      const alert = live?.alerts[0];
      return {
        name: rule.name,
        state: live?.state ?? 'inactive',
        value: value === undefined || Number.isNaN(value) ? undefined : value,
        valueText: formatAlertValue(rule, value),
        threshold: formatThreshold(rule),
        window: rule.settings.window,
        for: rule.settings.for,
        ...(alert ? { activeSince: alert.activeAt, summary: alert.annotations.summary } : {}),
        ...history.get(rule.name),
        ...(live === undefined
          ? { error: 'not loaded by Prometheus (run `o11y up` to render and reload the rules)' }
          : live.health === 'err'
            ? { error: live.lastError ?? 'evaluation failed' }
            : {}),
      };
    }),
  );
  return {
    rules,
    telegram: {
      enabled: telegramEnabled(config, secrets),
      ...('counts' in deliveries ? { deliveries: deliveries.counts } : { error: deliveries.error }),
    },
  };
}

/** The scrape interval in whole seconds (at least 1): the resolution of Prometheus' history. */
function stepSeconds(interval: string): number {
  return Math.max(1, Math.round(parseDuration(interval, { what: 'scrapeInterval' }) / 1000));
}

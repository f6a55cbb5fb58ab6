// When each alert last fired and resolved, and when Telegram accepted a message after it fired,
// from Prometheus' own history (its ALERTS series and its scrape of Alertmanager): what `o11y
// alerts` shows after a load that already stopped, when every rule reads "inactive" again.
import { queryRange, type RangeSeries } from '../clients/prometheus-api.js';

export interface AlertHistory {
  /** The start of the alert's last firing spell, ISO time. */
  lastFiredAt?: string;
  /** When that spell ended; absent while it still fires. */
  resolvedAt?: string;
  /** When Telegram first accepted a message after the alert fired (any message: Alertmanager does not count per alert). */
  telegramAt?: string;
}

const iso = (unixS: number) => new Date(unixS * 1000).toISOString();

/** The last run of consecutive samples (no gap wider than 2 steps) of a series, as [first, last] seconds. */
export function lastSpell(values: Array<[number, number]>, stepS: number): [number, number] | undefined {
  if (values.length === 0) return undefined;
  const end = values.length - 1;
  let start = end;
  while (start > 0 && values[start][0] - values[start - 1][0] <= 2 * stepS) start--;
  return [values[start][0], values[end][0]];
}

/** The first time after `fromS` that a counter rose above its value at `fromS`. */
export function firstRiseAfter(series: RangeSeries | undefined, fromS: number): number | undefined {
  const values = series?.values ?? [];
  const base = [...values].reverse().find(([t]) => t <= fromS)?.[1] ?? values[0]?.[1];
  return values.find(([t, v]) => t > fromS && base !== undefined && v > base)?.[0];
}

/** `firingNow`: the alerts Prometheus fires at this moment (their spell has not ended). */
export async function alertHistory(
  prometheusUrl: string,
  firingNow: ReadonlySet<string>,
  opts: { lookbackS?: number; stepS?: number; nowS?: number } = {},
): Promise<Map<string, AlertHistory>> {
  const stepS = opts.stepS ?? 5;
  const endS = opts.nowS ?? Math.floor(Date.now() / 1000);
  const startS = endS - (opts.lookbackS ?? 3600);
  const [firing, delivered] = await Promise.all([
    queryRange(prometheusUrl, 'max by (alertname) (ALERTS{alertstate="firing"})', startS, endS, stepS),
    queryRange(
      prometheusUrl,
      'sum(alertmanager_notification_requests_total{integration="telegram"}) - sum(alertmanager_notification_requests_failed_total{integration="telegram"})',
      startS,
      endS,
      stepS,
    ),
  ]);
  const out = new Map<string, AlertHistory>();
  for (const series of firing) {
    const spell = lastSpell(series.values, stepS);
    if (!spell) continue;
    const [from, to] = spell;
    const telegram = firstRiseAfter(delivered[0], from - stepS);
    out.set(series.metric.alertname, {
      lastFiredAt: iso(from),
      // Its last firing sample is where the spell ended, to within a step.
      ...(firingNow.has(series.metric.alertname) ? {} : { resolvedAt: iso(Math.min(to + stepS, endS)) }),
      ...(telegram !== undefined ? { telegramAt: iso(telegram) } : {}),
    });
  }
  return out;
}

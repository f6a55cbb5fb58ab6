// When each alert last fired and resolved, and when Telegram accepted a message after it fired,
// from Prometheus' own history (its ALERTS series and its scrape of Alertmanager): what `o11y
// alerts` shows after a load that already stopped, when every rule reads "inactive" again.
import { queryRange, type RangeSeries } from '../clients/prometheus-api.js';
import { firingSpells, lastSpell } from './alert-times.js';

export interface AlertHistory {
  /** The start of the alert's last firing spell, ISO time. */
  lastFiredAt?: string;
  /** When that spell ended; absent while it still fires. */
  resolvedAt?: string;
  /** When Telegram first accepted a message after the alert fired (any message: Alertmanager does not count per alert). */
  telegramAt?: string;
}

const iso = (unixS: number) => new Date(unixS * 1000).toISOString();

export { lastSpell };

/** The first time after `fromS` that a counter rose above its value at `fromS`. */
export function firstRiseAfter(series: RangeSeries | undefined, fromS: number): number | undefined {
  const values = series?.values ?? [];
  const base = [...values].reverse().find(([t]) => t <= fromS)?.[1] ?? values[0]?.[1];
  return values.find(([t, v]) => t > fromS && base !== undefined && v > base)?.[0];
}

/**
 * `firingNow`: the alerts Prometheus fires at this moment (their spell has not ended). `stepS`: the
 * evaluation interval, the resolution of both the firing samples and the delivery counter's grid.
 */
export async function alertHistory(
  prometheusUrl: string,
  firingNow: ReadonlySet<string>,
  opts: { lookbackS?: number; stepS?: number; nowS?: number } = {},
): Promise<Map<string, AlertHistory>> {
  const stepS = opts.stepS ?? 5;
  const nowS = opts.nowS ?? Date.now() / 1000;
  // The counter's grid on whole multiples of the step: the same answer whenever it is asked.
  const endS = Math.floor(nowS / stepS) * stepS;
  const startS = endS - (opts.lookbackS ?? 3600);
  const [firing, delivered] = await Promise.all([
    firingSpells(prometheusUrl, stepS, { firingNow, lookbackS: opts.lookbackS, nowS }),
    queryRange(
      prometheusUrl,
      'sum(alertmanager_notification_requests_total{integration="telegram"}) - sum(alertmanager_notification_requests_failed_total{integration="telegram"})',
      startS,
      endS,
      stepS,
    ),
  ]);
  const out = new Map<string, AlertHistory>();
  for (const [name, spell] of firing) {
    const telegram = firstRiseAfter(delivered[0], Date.parse(spell.firedAt) / 1000 - stepS);
    out.set(name, {
      lastFiredAt: spell.firedAt,
      ...(spell.resolvedAt ? { resolvedAt: spell.resolvedAt } : {}),
      ...(telegram !== undefined ? { telegramAt: iso(telegram) } : {}),
    });
  }
  return out;
}

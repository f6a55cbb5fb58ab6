// Telegram delivery counts from Alertmanager's own /metrics: notifications attempted and failed.
import { UserError } from '../errors.js';

export interface DeliveryCounts {
  /** alertmanager_notifications_total{integration="telegram"}: attempts, failed or not. */
  attempted: number;
  /** alertmanager_notifications_failed_total{integration="telegram"}, summed over every other label (0.26+ add `reason`). */
  failed: number;
}

/** The sum of every sample of `name` whose integration label is `integration` (0 when there is none). */
function sumSamples(metricsText: string, name: string, integration: string): number {
  const escaped = integration.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const labelPattern = new RegExp(`(^|,)\\s*integration="${escaped}"`);
  let total = 0;
  for (const raw of metricsText.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    if (close < 0) continue;
    const labels = line.slice(name.length + 1, close);
    if (!labelPattern.test(labels)) continue;
    // `name{labels} value [timestamp]`
    const value = Number(
      line
        .slice(close + 1)
        .trim()
        .split(/\s+/)[0],
    );
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

/**
 * Alertmanager 0.25 has one line per integration; 0.26+ split the failure counter by `reason`
 * (and later versions may add more labels), so every matching line counts.
 */
export function parseDeliveryCounts(metricsText: string, integration = 'telegram'): DeliveryCounts {
  return {
    attempted: sumSamples(metricsText, 'alertmanager_notifications_total', integration),
    failed: sumSamples(metricsText, 'alertmanager_notifications_failed_total', integration),
  };
}

export async function fetchDeliveryCounts(alertmanagerUrl: string, timeoutMs = 5000): Promise<DeliveryCounts> {
  let text: string;
  try {
    const res = await fetch(`${alertmanagerUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    throw new UserError(
      `Alertmanager at ${alertmanagerUrl} is not answering (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}).`,
      {
        hint: 'Is the lab running? `o11y status` shows what is up; `o11y logs alertmanager` shows why it stopped.',
        cause: err,
      },
    );
  }
  return parseDeliveryCounts(text);
}

// Telegram delivery counts from Alertmanager's own /metrics: notifications attempted and failed.
import { UserError } from '../errors.js';

export interface DeliveryCounts {
  /** alertmanager_notifications_total{integration="telegram"}: attempts, failed or not. */
  attempted: number;
  /** alertmanager_notifications_failed_total{integration="telegram"} */
  failed: number;
}

export function parseDeliveryCounts(metricsText: string, integration = 'telegram'): DeliveryCounts {
  const read = (name: string) => {
    const line = metricsText.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`integration="${integration}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  return { attempted: read('alertmanager_notifications_total'), failed: read('alertmanager_notifications_failed_total') };
}

export async function fetchDeliveryCounts(alertmanagerUrl: string, timeoutMs = 5000): Promise<DeliveryCounts> {
  let text: string;
  try {
    const res = await fetch(`${alertmanagerUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (err) {
    throw new UserError(`Alertmanager at ${alertmanagerUrl} is not answering (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}).`, {
      hint: 'Is the lab running? `o11y status` shows what is up; `o11y logs alertmanager` shows why it stopped.',
      cause: err,
    });
  }
  return parseDeliveryCounts(text);
}

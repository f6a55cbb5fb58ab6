// Telegram delivery counts from Alertmanager's own /metrics, per outcome. A notification is one
// message Alertmanager means to send (firing or resolved); it retries a failing one, each retry
// being one more request to the Bot API, until it gives up and counts the notification failed.
import { requestText } from './lab-http.js';

export interface DeliveryCounts {
  /** Messages Telegram accepted: requests that did not fail (each delivered notification ends with one). */
  delivered: number;
  /** Notifications Alertmanager gave up on after its retries (alertmanager_notifications_failed_total). */
  failed: number;
  /** Notifications started but neither delivered nor given up yet (being retried). */
  retrying: number;
  /** Requests sent to the Bot API, retries included (alertmanager_notification_requests_total). */
  requests: number;
  /** Of those, the ones the Bot API rejected or that did not get through (alertmanager_notification_requests_failed_total). */
  rejectedRequests: number;
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
  const notifications = sumSamples(metricsText, 'alertmanager_notifications_total', integration);
  const failed = sumSamples(metricsText, 'alertmanager_notifications_failed_total', integration);
  const requests = sumSamples(metricsText, 'alertmanager_notification_requests_total', integration);
  const rejectedRequests = sumSamples(metricsText, 'alertmanager_notification_requests_failed_total', integration);
  // Counted per request, not as notifications - failed: a notification being retried is neither.
  const delivered = Math.max(0, requests - rejectedRequests);
  return { delivered, failed, retrying: Math.max(0, notifications - failed - delivered), requests, rejectedRequests };
}

export async function fetchDeliveryCounts(alertmanagerUrl: string, timeoutMs?: number): Promise<DeliveryCounts> {
  const text = await requestText({
    service: 'Alertmanager',
    baseUrl: alertmanagerUrl,
    path: '/metrics',
    timeoutMs,
    hint: 'Is the lab running? `o11y status` shows what is up; `o11y logs alertmanager` shows why it stopped.',
    errorHint: '`o11y logs alertmanager` shows what it says.',
  });
  return parseDeliveryCounts(text);
}

// The alerts table and the Telegram line, as `o11y alerts` and `o11y status` print them.
import { style, table, terminalWidth, wrapText } from '../output.js';
import type { DeliveryCounts } from '../clients/alertmanager-metrics.js';
import type { AlertStatus } from './alert-status.js';

function colourState(state: string): string {
  return state === 'firing' ? style.red(state) : state === 'pending' ? style.yellow(state) : style.green(state);
}

function clock(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

/** "3 delivered, 1 failed, 1 being retried (13 of 16 requests to the Bot API rejected: see `o11y logs alertmanager`)" */
export function formatDeliveries(d: DeliveryCounts): string {
  const failed = (d.failed ? style.red(`${d.failed} failed`) : '0 failed') + (d.retrying ? `, ${style.yellow(`${d.retrying} being retried`)}` : '');
  const requests = d.rejectedRequests
    ? ` (${style.red(`${d.rejectedRequests} of ${d.requests} requests to the Bot API rejected`)}: see \`o11y logs alertmanager\`)`
    : '';
  return `${d.delivered} delivered, ${failed}${requests}`;
}

/** `width`: the terminal's (none: whole lines). */
export function formatAlertStatus(st: AlertStatus, width = terminalWidth(process.stdout)): string {
  const problems = st.rules.some((r) => r.error);
  // Columns of the last hour's history, only when some alert fired in it.
  const history = st.rules.some((r) => r.lastFiredAt);
  const telegram = history && st.telegram.enabled;
  const rows = st.rules.map((r) => [
    r.name,
    colourState(r.state),
    r.valueText,
    r.threshold,
    r.window,
    r.for,
    clock(r.activeSince),
    ...(history ? [r.lastFiredAt ? `${clock(r.lastFiredAt)}${r.resolvedAt ? ` → ${clock(r.resolvedAt)}` : ' (firing)'}` : ''] : []),
    ...(telegram ? [r.telegramAt ? style.green(clock(r.telegramAt)) : r.lastFiredAt ? style.yellow('no message') : ''] : []),
    ...(problems ? [r.error ? style.red(r.error) : ''] : []),
  ]);
  const headers = [
    'ALERT',
    'STATE',
    'VALUE',
    'THRESHOLD',
    'WINDOW',
    'FOR',
    'SINCE',
    ...(history ? ['LAST FIRED → RESOLVED'] : []),
    ...(telegram ? ['TELEGRAM'] : []),
    ...(problems ? ['PROBLEM'] : []),
  ];
  const out = [table(headers, rows, [2], width)];
  const t = st.telegram;
  if (!t.enabled) {
    out.push(
      `Telegram ${style.yellow('off')}: alerts fire and show here but notify nobody. Turn it on: o11y init (it asks), or O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>`,
    );
  } else if (t.deliveries) {
    out.push(`Telegram: ${style.green('on')}: ${formatDeliveries(t.deliveries)} since Alertmanager started`);
  } else {
    out.push(`Telegram: on, but ${t.error}`);
  }
  return out.map((text, i) => (i > 0 && width ? wrapText(text, width, '  ') : text)).join('\n\n');
}

// The alerts table and the Telegram line, as `o11y alerts` and `o11y status` print them.
import { style, table } from '../output.js';
import type { AlertStatus } from './alert-status.js';

function colourState(state: string): string {
  return state === 'firing' ? style.red(state) : state === 'pending' ? style.yellow(state) : style.green(state);
}

function clock(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

export function formatAlertStatus(st: AlertStatus): string {
  const problems = st.rules.some((r) => r.error);
  const rows = st.rules.map((r) => [
    r.name,
    colourState(r.state),
    r.valueText,
    r.threshold,
    r.window,
    r.for,
    clock(r.activeSince),
    ...(problems ? [r.error ? style.red(r.error) : ''] : []),
  ]);
  const headers = ['ALERT', 'STATE', 'VALUE', 'THRESHOLD', 'WINDOW', 'FOR', 'SINCE', ...(problems ? ['PROBLEM'] : [])];
  const out = [table(headers, rows, [2])];
  const t = st.telegram;
  if (!t.enabled) {
    out.push(
      `Telegram ${style.yellow('off')}: alerts fire and show here but notify nobody. Turn it on: o11y init (it asks), or O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>`,
    );
  } else if (t.deliveries) {
    const failed = t.deliveries.failed ? style.red(`${t.deliveries.failed} failed (see \`o11y logs alertmanager\`)`) : '0 failed';
    out.push(`Telegram: ${style.green('on')}: ${t.deliveries.attempted - t.deliveries.failed} sent, ${failed} since Alertmanager started`);
  } else {
    out.push(`Telegram: on, but ${t.error}`);
  }
  return out.join('\n\n');
}

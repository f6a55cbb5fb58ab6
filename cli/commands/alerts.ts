// `o11y alerts`: each alert rule's state and current value, and Telegram delivery counts.
import type { Command } from 'commander';
import { getAlertStatus, type AlertStatus } from '../alerts/alert-status.js';
import { loadConfig } from '../config/load-config.js';
import { readSecrets } from '../config/secrets.js';
import { printJson, style, table } from '../output.js';

function colourState(state: string): string {
  return state === 'firing' ? style.red(state) : state === 'pending' ? style.yellow(state) : style.green(state);
}

function clock(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

/** The alerts table plus a Telegram line; `o11y status` can print it too. */
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
    out.push(`Telegram: ${style.yellow('off')}: alerts fire and show here but notify nobody. Turn it on: o11y init --telegram-token <token> --telegram-chat-id <id>`);
  } else if (t.deliveries) {
    const failed = t.deliveries.failed ? style.red(`${t.deliveries.failed} failed (see \`o11y logs alertmanager\`)`) : '0 failed';
    out.push(`Telegram: ${style.green('on')}: ${t.deliveries.attempted - t.deliveries.failed} sent, ${failed} since Alertmanager started`);
  } else {
    out.push(`Telegram: on, but ${t.error}`);
  }
  return out.join('\n\n');
}

export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('alert rules with their state (inactive, pending, firing), current values, and Telegram deliveries')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ o11y alerts\n  $ o11y alerts --json | jq \'.rules[] | {name, state, value}\'')
    .action(async (flags: { config?: string; json?: boolean }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const st = await getAlertStatus(config, readSecrets(stateDir));
      if (flags.json) printJson(st);
      else console.log(formatAlertStatus(st));
    });
}

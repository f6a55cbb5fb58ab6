// `o11y alerts`: each alert rule's state and current value, and Telegram delivery counts.
import { configOption, shortConfigRefused } from './config-option.js';
import type { Command } from 'commander';
import { getAlertStatus } from '../alerts/alert-status.js';
import { formatAlertStatus } from '../alerts/format-alert-status.js';
import { loadConfig } from '../lab/load-config.js';
import { readSecrets } from '../config/secrets.js';
import { printJson } from '../output.js';

export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('alert rules with their state (inactive, pending, firing), current values, and Telegram deliveries')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('--json', 'machine-readable output')
    .addHelpText('after', "\nExamples:\n  $ o11y alerts\n  $ o11y alerts --json | jq '.rules[] | {name, state, value}'")
    .action(async (flags: { config?: string; json?: boolean }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const st = await getAlertStatus(config, readSecrets(stateDir));
      if (flags.json) printJson(st);
      else console.log(formatAlertStatus(st));
    });
}

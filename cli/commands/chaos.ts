// `o11y chaos`: turns latency or errors on in the running app, so the latency and error alerts can be shown.
import { configOption, shortConfigRefused } from './config-option.js';
import type { Command } from 'commander';
import { chaosClient, parseErrorRate, parseLatency, type ChaosSettings } from '../clients/chaos-client.js';
import { alertRules, formatThreshold } from '../alerts/rules.js';
import { loadConfig } from '../lab/load-config.js';
import type { LabConfig } from '../config/schema.js';
import { readSecrets } from '../config/secrets.js';
import { UserError } from '../errors.js';
import { printJson, style } from '../output.js';
import { labUrl } from '../stack/host-url.js';

function describe(s: ChaosSettings, config: LabConfig): string {
  if (s.latencyMs === 0 && s.errorRate === 0) return `Chaos ${style.green('off')}: the app answers normally.`;
  const parts = [s.latencyMs ? `+${s.latencyMs} ms latency` : '', s.errorRate ? `${Math.round(s.errorRate * 1000) / 10}% errors (500)` : ''].filter(Boolean);
  const rules = alertRules(config);
  const shown = [
    s.latencyMs ? rules.find((r) => r.key === 'latencyP99') : undefined,
    s.errorRate ? rules.find((r) => r.key === 'errorRatio') : undefined,
  ].filter((r) => r !== undefined);
  const lines = [`Chaos ${style.yellow('on')}: ${parts.join(', ')} on every API request.`];
  for (const r of shown) lines.push(`  ${r.name} fires when its value stays ${formatThreshold(r)} for ${r.settings.for} (over ${r.settings.window}).`);
  lines.push('  It needs traffic: `o11y load --users 20`; watch with `o11y alerts`. Turn it off: `o11y chaos off`.');
  return lines.join('\n');
}

export function registerChaos(program: Command): void {
  program
    .command('chaos')
    .description('turn on latency or errors in the running app (to show the latency and error alerts); no argument shows the state')
    .argument('[fault]', 'latency | errors | off')
    .argument('[amount]', 'latency: 600ms or 1.5s; errors: 20% or 0.2')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('--target <url>', 'the app to talk to (default http://<bindAddress>:<ports.app> from o11y.yaml)')
    .option('--json', 'machine-readable output')
    // `-5s` is an amount (refused below with why), not an unknown option.
    .allowUnknownOption()
    .addHelpText(
      'after',
      '\nExamples:\n  $ o11y chaos latency 600ms     every API request 600 ms slower\n  $ o11y chaos errors 20%        one request in five answers 500\n  $ o11y chaos off\n  $ o11y chaos                   show what is on',
    )
    .action(async (fault: string | undefined, amount: string | undefined, flags: { config?: string; target?: string; json?: boolean }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const client = chaosClient(flags.target ?? labUrl(config, 'app'), readSecrets(stateDir).chaosToken);
      const needAmount = (example: string) => {
        if (!amount)
          throw new UserError(`\`o11y chaos ${fault}\` needs an amount.`, { code: 'O11Y_FLAG_INVALID', hint: `For example: o11y chaos ${fault} ${example}` });
        return amount;
      };
      let settings: ChaosSettings;
      if (fault === undefined) settings = await client.get();
      else if (fault === 'off') settings = await client.off();
      else if (fault === 'latency') settings = await client.update({ latencyMs: parseLatency(needAmount('600ms')) });
      else if (fault === 'errors') settings = await client.update({ errorRate: parseErrorRate(needAmount('20%')) });
      else
        throw new UserError(`Unknown fault "${fault}".`, {
          code: 'O11Y_NAME_UNKNOWN',
          hint: 'Use `o11y chaos latency 600ms`, `o11y chaos errors 20%` or `o11y chaos off`.',
        });
      if (flags.json) printJson(settings);
      else console.log(describe(settings, config));
    });
}

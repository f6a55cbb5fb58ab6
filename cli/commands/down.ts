// `o11y down`: stop and remove the lab's containers and network; `--volumes` also its data.
import { configOption, shortConfigRefused } from './config-option.js';
import type { Command } from 'commander';
import path from 'node:path';
import { closeTo, loadConfig } from '../lab/load-config.js';
import { UserError } from '../errors.js';
import { style } from '../output.js';
import { downStack } from '../lab/down-stack.js';
import { writeLeftOut } from '../lab/left-out.js';

export function registerDown(program: Command): void {
  program
    .command('down')
    .description('stop and remove the lab (containers and network); data volumes are kept')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('--volumes', 'also remove the data volumes (database, Prometheus, Grafana, Alertmanager)')
    .addHelpText('after', '\nExamples:\n  $ o11y down             keep the data for the next `o11y up`\n  $ o11y down --volumes   start from scratch next time')
    .action(async (flags: { config?: string; volumes?: boolean }) => {
      // Only the project name and state folder matter here: a broken o11y.yaml must not keep a lab running.
      const ignored: string[] = [];
      const { config, stateDir } = loadConfig({ configPath: flags.config, skipValidation: true, onUnknown: (k) => ignored.push(k) });
      // A misspelt project or stateDir would point this at another lab: refuse rather than guess.
      const risky = ignored.filter((k) => ['project', 'stateDir'].some((key) => closeTo(k, key)));
      if (risky.length)
        throw new UserError(`o11y.yaml: unknown setting "${risky[0]}": was it meant to name the lab? Not guessing which lab to remove.`, {
          code: 'O11Y_CONFIG_INVALID',
          hint: 'Fix the spelling, then run `o11y down` again.',
        });
      if (ignored.length)
        console.error(style.yellow(`! ignoring unknown setting(s) in o11y.yaml: ${ignored.join(', ')} (fix them before the next \`o11y up\`)`));
      const res = await downStack(config.project, { volumes: Boolean(flags.volumes), stateDir });
      // Nothing runs now, so nothing was left out of it.
      writeLeftOut(stateDir, []);
      if (res.containers.length === 0 && res.networks.length === 0 && res.volumes.length === 0 && res.dataDirs.length === 0) {
        console.log(`Nothing to remove: lab "${config.project}" is not running.`);
        return;
      }
      if (res.containers.length) console.log(`${style.green('✔')} removed containers: ${res.containers.sort().join(', ')}`);
      if (res.networks.length) console.log(`${style.green('✔')} removed network ${res.networks.join(', ')}`);
      if (flags.volumes) {
        console.log(res.volumes.length ? `${style.green('✔')} removed volumes (data deleted): ${res.volumes.join(', ')}` : 'No data volumes to remove.');
        for (const d of res.dataDirs) console.log(`${style.green('✔')} removed ${path.relative(process.cwd(), d) || d} (data deleted)`);
      } else {
        console.log(style.dim('Data volumes kept; `o11y down --volumes` removes them.'));
      }
    });
}

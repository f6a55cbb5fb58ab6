// `o11y logs [service...] [-f]`: the lab's container output, each line prefixed by its service.
import { configOption, shortConfigRefused } from './config-option.js';
import type { Command } from 'commander';
import { loadConfig } from '../lab/load-config.js';
import { ensureDockerReachable } from '../docker/client.js';
import { streamLogs } from '../docker/container-logs.js';
import { readLeftOut } from '../lab/left-out.js';
import { listContainers } from '../docker/containers.js';
import { UserError } from '../errors.js';
import { style } from '../output.js';
import { LABEL } from '../stack/labels.js';
import { parseServices } from '../lab/parse-services.js';

const colours = [style.cyan, style.green, style.yellow, style.bold];

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description("show the logs of the lab's services")
    .argument('[service...]', 'services to show (default: all)')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('-n, --tail <lines>', 'lines from the end of each log', '100')
    .addHelpText('after', '\nExamples:\n  $ o11y logs app\n  $ o11y logs prometheus alertmanager -f')
    .action(async (services: string[], flags: { config?: string; follow?: boolean; tail: string }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const wanted = parseServices(services.join(',')) ?? [];
      await ensureDockerReachable();
      const containers = (await listContainers([`${LABEL.project}=${config.project}`]))
        .filter((c) => wanted.length === 0 || wanted.includes(c.Labels[LABEL.service] as never))
        .sort((a, b) => a.Labels[LABEL.service].localeCompare(b.Labels[LABEL.service]));
      const leftOut = readLeftOut(stateDir).filter((l) => wanted.includes(l.service));
      if (containers.length === 0) {
        if (leftOut.length)
          throw new UserError(`${leftOut.map((l) => l.service).join(', ')} did not run in this lab: ${leftOut[0].reason}`, { code: 'O11Y_LAB_NOT_RUNNING' });
        throw new UserError(`No ${wanted.length ? wanted.join(', ') + ' ' : ''}container of lab "${config.project}" exists.`, {
          code: 'O11Y_LAB_NOT_RUNNING',
          hint: 'Start the lab with `o11y up`.',
        });
      }
      for (const l of leftOut) console.error(style.yellow(`! ${l.service} did not run in this lab (left out by \`o11y up\`): no logs`));
      const width = Math.max(...containers.map((c) => c.Labels[LABEL.service].length));
      const abort = new AbortController();
      if (flags.follow) process.once('SIGINT', () => abort.abort());
      const tail = Number(flags.tail);
      if (!Number.isInteger(tail) || tail < 0) throw new UserError('--tail must be a whole number of lines.', { code: 'O11Y_FLAG_INVALID' });
      // Without -f each log is printed whole, one service after the other.
      const run = async (c: (typeof containers)[number], i: number) => {
        const name = c.Labels[LABEL.service];
        const prefix = colours[i % colours.length](name.padEnd(width) + ' |');
        await streamLogs(c.Id, { tail, follow: Boolean(flags.follow), onLine: (l) => console.log(`${prefix} ${l}`), signal: abort.signal });
      };
      if (flags.follow) await Promise.all(containers.map(run));
      else for (const [i, c] of containers.entries()) await run(c, i);
    });
}

// `o11y target`: the lab scrapes your own service. add checks it from where Prometheus runs before
// saving it in o11y.yaml; ls shows each one's state; rm stops scraping it. Prometheus reloads in
// place for each change (no restart, no data lost).
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { configOption, shortConfigRefused } from './config-option.js';
import { addTarget } from '../lab/add-target.js';
import { loadConfig } from '../lab/load-config.js';
import { removeTargetFromLab } from '../lab/remove-target.js';
import { type TargetState, targetStates } from '../lab/target-states.js';
import type { ServiceAction } from '../lab/up-stack.js';
import { printJson, style, table } from '../output.js';
import type { Recognised } from '../targets/families/index.js';

export function registerTarget(program: Command): void {
  const target = program
    .command('target')
    .description('watch your own service: the lab scrapes it beside the gradebook (add, ls, rm)')
    .addHelpText(
      'after',
      `
Examples:
  $ o11y target add shop http://localhost:3000/metrics          a service on this machine
  $ o11y target add api https://api.example.test:8443 --metrics-path /actuator/prometheus
  $ o11y target ls
  $ o11y target rm shop

localhost in a URL means this machine: the lab's containers reach it as host.docker.internal,
so the service must listen on 0.0.0.0, not only on 127.0.0.1. See docs/targets.md.`,
    );

  target
    .command('add')
    .description("scrape a service's metrics: checked once from the lab's Prometheus, then saved in o11y.yaml")
    .argument('<name>', 'its name in the lab (its Prometheus job): lowercase letters, digits, "-"')
    .argument('<url>', 'its metrics URL (http://localhost:3000/metrics), or its base URL with --metrics-path')
    .option('--metrics-path <path>', "the path of its metrics when <url> is its base (default: the URL's path, or /metrics)")
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .action(async (name: string, raw: string, flags: { metricsPath?: string; config?: string }) => {
      const loaded = loadConfig({ configPath: flags.config });
      if (!loaded.fromFile)
        throw new UserError(`There is no ${loaded.configPath}: targets are saved in it.`, {
          code: 'O11Y_CONFIG_MISSING',
          hint: 'Run `o11y up` (or `o11y init`) here first.',
        });
      const added = await addTarget(loaded, name, raw, flags.metricsPath, {
        checking: (url, at) =>
          console.log(
            `${style.cyan('•')} checking ${name}: the lab's Prometheus scrapes ${url.href}${at.onThisMachine ? style.dim(` (this machine, as ${at.address})`) : ''}`,
          ),
      });
      console.log(
        `${style.green('✔')} ${name} is up: ${added.series ?? '?'} series, scraped in ${formatMs(added.scraped.lastScrapeDurationS)}; saved in o11y.yaml (targets.${name}); ${applied(added.action)}.`,
      );
      printRecognised(added.recognised);
    });

  target
    .command('ls')
    .description('the targets the lab scrapes, and how their last scrape went')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('--json', 'machine-readable output')
    .action(async (flags: { config?: string; json?: boolean }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const rows = await targetStates(config, stateDir);
      if (flags.json) return printJson(rows);
      if (rows.length === 0) {
        console.log('No targets yet. Add your service: o11y target add shop http://localhost:3000/metrics');
        return;
      }
      const state = (r: TargetState) =>
        r.state === 'up' ? style.green('up') : r.state === 'down' ? style.red(`down: ${r.lastError ?? ''}`) : style.dim(r.state);
      console.log(
        table(
          ['target', 'url', 'state', 'last scrape', 'series'],
          rows.map((r) => [
            r.name,
            r.url,
            state(r),
            r.lastScrapeAgoS === undefined ? '-' : `${r.lastScrapeAgoS} s ago`,
            r.series === undefined ? '-' : String(r.series),
          ]),
          [4],
        ),
      );
    });

  target
    .command('rm')
    .description('stop scraping a target (what Prometheus stored of it stays for its retention, 15 days)')
    .argument('<name>', 'the target, as `o11y target ls` names it')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .action(async (name: string, flags: { config?: string }) => {
      const action = await removeTargetFromLab(flags.config, name);
      if (action === 'not running') console.log(`${style.green('✔')} removed ${name} from o11y.yaml (the lab is not running: nothing else to change).`);
      else console.log(`${style.green('✔')} removed ${name} from o11y.yaml; ${applied(action)}; what it stored of ${name} stays for 15 days.`);
    });
}

/** How the change reached Prometheus, in words. */
function applied(action: ServiceAction | undefined): string {
  if (action === 'reload') return 'Prometheus reloaded it without a restart';
  if (action === 'recreate' || action === 'create') return 'Prometheus was recreated (o11y.yaml held other changes for it), its data kept';
  if (action === 'unchanged' || action === undefined) return 'Prometheus already had it';
  return `Prometheus: ${action}`;
}

function printRecognised(r: Recognised): void {
  console.log(`  client library: ${r.family.name}${r.provisional ? style.dim(` (${r.provisional})`) : ''}`);
  for (const o of r.offers) {
    const mark = o.data ? style.green('✔') : style.yellow('✗');
    console.log(`  ${mark} ${o.signal}${o.note ? `: ${o.note}` : ''}${o.setting ? style.dim(` (to add: ${o.setting})`) : ''}`);
  }
  if (r.family.id === 'unknown')
    console.log(
      `  it exposes: ${r.exposes
        .slice(0, 8)
        .map((e) => `${e.name} (${e.type})`)
        .join(', ')}${r.exposes.length > 8 ? `, and ${r.exposes.length - 8} more` : ''}`,
    );
}

function formatMs(seconds: number | undefined): string {
  return seconds === undefined ? '?' : `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
}

// `o11y up`: render, pull, create and start the lab, wait until healthy, print where things are.
import { configOption, shortConfigRefused } from './config-option.js';
import net from 'node:net';
import { confirm } from '@inquirer/prompts';
import { Option, type Command } from 'commander';
import { UserError } from '../errors.js';
import { printJson, style, table } from '../output.js';
import { buildMissingLocal, type ImageCallbacks, type ImageEvent, type LeftOut, prepareWithImages, withLocalFallback } from '../lab/acquire-images.js';
import { dryRunUp } from '../lab/dry-run-up.js';
import { planStops } from '../lab/plan-up.js';
import { formatPlan } from '../lab/format-plan.js';
import { formatExposure } from '../lab/exposure-table.js';
import { classViewer } from '../lab/grafana-viewer.js';
import { loadConfig } from '../lab/load-config.js';
import { guardSecrets } from '../lab/lost-secrets.js';
import { parseServices } from '../lab/parse-services.js';
import { type PullPolicy, upStack, type UpReporter } from '../lab/up-stack.js';
import { type UpSummary, upSummary } from '../lab/up-summary.js';
import type { ServiceName } from '../services/index.js';
import { GRAFANA_VIEWER } from '../stack/exposure.js';
import { ensureDockerForUp } from './up-docker.js';

interface UpFlags {
  config?: string;
  yes?: boolean;
  pull: PullPolicy;
  /** Absent: what o11y.yaml remembers (`localImages`). */
  images?: 'config' | 'local';
  services?: string;
  expose?: string | boolean;
  dryRun?: boolean;
  json?: boolean;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function reporter(): UpReporter {
  const tty = process.stdout.isTTY;
  let lastDraw = 0;
  return {
    pullStart: (ref) => console.log(`${style.cyan('↓')} pulling ${ref}`),
    pullProgress: (ref, p) => {
      if (!tty || !p.total || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      process.stdout.write(`\r  ${ref}: ${mb(p.current)} / ${mb(p.total)} (${Math.floor((100 * p.current) / p.total)}%)   `);
    },
    pullDone: (ref, ms) => {
      if (tty) process.stdout.write('\r\u001b[2K');
      console.log(`${style.green('✔')} pulled ${ref} in ${(ms / 1000).toFixed(1)}s`);
    },
    action: (service, action, why) => {
      if (action === 'unchanged') return;
      const verb = { create: 'creating', recreate: 'recreating', start: 'starting', restart: 'restarting', reload: 'reloading', wait: 'waiting for' }[action];
      console.log(`${style.cyan('•')} ${verb} ${service}${why ? style.dim(` (${why})`) : ''}`);
    },
    ready: (service, ms) => console.log(`${style.green('✔')} ${service} healthy in ${(ms / 1000).toFixed(1)}s`),
    removedOrphan: (service) => console.log(`${style.yellow('−')} removed ${service} (no longer part of the stack)`),
  };
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

/**
 * What local images leave out (Grafana), said before anything is asked or built, in one line: the
 * fix, the long part, is said once, under the URL table at the end.
 */
function announceLeftOut(leftOut: LeftOut, services: ServiceName[] | undefined): void {
  // `--services app` starts no Grafana anyway: no need to say it is left out.
  for (const l of leftOut) {
    if (services && !services.includes(l.service)) continue;
    console.log(`${style.yellow('!')} ${l.why}: left out (how to add it: under the URLs)`);
  }
}

/** In a terminal (or with --yes), offer local builds when no registry answers; the lab's loss (Grafana) is said first. */
async function offerLocalBuild(
  err: Parameters<ImageCallbacks['buildLocally']>[0],
  leftOut: LeftOut,
  flags: UpFlags,
  services?: ServiceName[],
): Promise<boolean> {
  console.log(`${style.yellow('!')} ${err.message}`);
  console.log('  The lab can run on images built here from Debian packages (a few minutes the first time).');
  announceLeftOut(leftOut, services);
  if (flags.yes) {
    console.log('  --yes: building the images locally instead.');
    return true;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    // No one to ask: the error that follows says how; this says the one-flag way too.
    console.error(`${style.yellow('!')} No registry answers. \`o11y up --yes\` builds the missing images locally and continues.`);
    return false;
  }
  return confirm({ message: 'Build the images locally and continue (remembered in o11y.yaml for the next `o11y up`)?', default: true });
}

/** What acquiring images tells the user, and the question it may ask. */
function imageCallbacks(flags: UpFlags, services?: ServiceName[]): ImageCallbacks {
  return { buildLocally: (err, leftOut) => offerLocalBuild(err, leftOut, flags, services), event: printImageEvent };
}

function printImageEvent(e: ImageEvent): void {
  if (e.kind === 'build') printBuildProgress(e.progress);
  else if (e.kind === 'building') console.log(`${style.cyan('•')} building the local images (${e.services.join(', ')}): not here yet`);
  else console.log(style.dim(rememberedText(e)));
}

function rememberedText(e: Extract<ImageEvent, { kind: 'remembered' }>): string {
  return e.by === 'fallback'
    ? `Remembered: localImages: true in ${e.configPath}; the next \`o11y up\` uses these without asking (\`o11y up --images config\` goes back).`
    : e.local
      ? `Local images from now on: localImages: true in ${e.configPath} (\`o11y up --images config\` goes back).`
      : `Back to the registry images: localImages: false in ${e.configPath}.`;
}

function printBuildProgress(p: Extract<ImageEvent, { kind: 'build' }>['progress']): void {
  if (p.kind === 'start') console.log(`${style.cyan('•')} building ${p.image}`);
  else if (p.kind === 'done') console.log(`${style.green('✔')} ${p.image} ${p.built ? `built in ${p.seconds.toFixed(1)}s` : 'up to date'}`);
  else if (p.kind === 'failed') console.log(`${style.red('✖')} ${p.image} failed: ${p.message} (log: ${p.logPath})`);
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start the lab on Docker (or bring it in line with o11y.yaml) and wait until healthy')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .addOption(new Option('--pull <policy>', 'when to pull images').choices(['never', 'missing', 'always']).default('missing'))
    .addOption(
      new Option(
        '--images <source>',
        'config: defaults and overrides; local: local builds (`o11y images build`); remembered in o11y.yaml as localImages (default: as remembered, else config)',
      ).choices(['config', 'local']),
    )
    .option('--services <list>', 'only these services (comma-separated) and what they depend on')
    .option('-y, --yes', 'do not ask: set up a missing Docker engine (as doctor --fix does), build images locally when no registry answers')
    .option('--expose [address]', 'publish ports on all interfaces (or on <address>) instead of 127.0.0.1')
    .option('--dry-run', 'print the plan (files, images, containers, ports) and change nothing')
    .option('--json', 'with --dry-run: the plan as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ o11y up                                  the whole lab, pulling missing images (or the local ones, once chosen)
  $ o11y up --yes                            no questions: sets up Docker, builds images when no registry answers
  $ o11y up --images local --pull never      use images built by \`o11y images build\`
  $ o11y up --images config                  back to the registry images after local ones were chosen
  $ o11y up --services app                   only the app (and PostgreSQL, which it needs)
  $ o11y up --dry-run                        what up would do, changing nothing (--json: as data)`,
    )
    .action(async (flags: UpFlags) => {
      const started = Date.now();
      const loaded = loadConfig({ configPath: flags.config });
      if (flags.expose) {
        loaded.config.bindAddress = flags.expose === true ? '0.0.0.0' : flags.expose;
        if (net.isIP(loaded.config.bindAddress) === 0)
          throw new UserError(`--expose ${loaded.config.bindAddress}: give an IP address of this machine (or no value for all interfaces), not a host name.`, {
            code: 'O11Y_FLAG_INVALID',
          });
      }
      const services = parseServices(flags.services);
      if (flags.json && !flags.dryRun)
        throw new UserError('--json goes with --dry-run: it prints the plan as data.', { code: 'O11Y_FLAGS_CONFLICT', hint: 'o11y up --dry-run --json' });
      if (flags.dryRun) {
        const plan = await dryRunUp(loaded, { images: flags.images, pull: flags.pull, services });
        if (flags.json) printJson(plan);
        else console.log(formatPlan(plan));
        // A script asking "would up go through?" reads the exit code.
        const stops = planStops(plan);
        if (stops.length)
          throw new UserError(`up would stop: ${stops.map((s) => s.what).join('; ')}.`, {
            code: stops[0].code,
            hint: 'The plan above says what to change first; nothing was changed.',
          });
        return;
      }
      const interrupted = () => {
        console.error(`\n${style.yellow('!')} interrupted: run \`o11y up\` again to finish (it continues from where this stopped).`);
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      // First, before anything asks the engine (local image refs do): an engine, or the way to one.
      const viaSudo = await ensureDockerForUp({ yes: flags.yes, stateDir: loaded.stateDir, configPath: loaded.configPath, argv: process.argv.slice(2) });
      if (viaSudo !== undefined) {
        process.off('SIGINT', interrupted);
        process.exitCode = viaSudo;
        return;
      }
      const secrets = await guardSecrets(loaded.config.project, loaded.stateDir);
      if (secrets.loosened !== undefined) {
        console.log(
          `${style.yellow('!')} ${secrets.file} was mode 0${secrets.loosened.toString(8)} (other users could read the passwords): made it 0600 again.`,
        );
      }
      const cb = imageCallbacks(flags, services);
      const start = await prepareWithImages(loaded, flags.images, cb);
      announceLeftOut(start.prepared.images.leftOut, services);
      if (start.source === 'local') await buildMissingLocal(start.prepared, loaded.stateDir, cb);
      if (!isLoopback(loaded.config.bindAddress)) {
        console.log(`${style.yellow('!')} ports are published on ${loaded.config.bindAddress}: other machines can reach the lab.`);
      }
      const run = (p: typeof start.prepared) =>
        upStack(p.stack, { stateDir: loaded.stateDir, secrets: p.secrets, pull: flags.pull, services, reporter: reporter() });
      const { prepared, result } = await withLocalFallback(loaded, start, run, cb);
      process.off('SIGINT', interrupted);
      const sum = upSummary(loaded, prepared, result.actions, services);
      // The class' Grafana account, once Grafana answers (its API makes users; no file does).
      const viewer = sum.exposure && sum.grafanaPasswordFile ? await classViewer(loaded, prepared.secrets) : undefined;
      printSummary(loaded.config.project, sum, Date.now() - started);
      if (sum.exposure) console.log(`\n${formatExposure(sum.exposure)}`);
      if (viewer && 'error' in viewer) console.log(`${style.yellow('!')} Grafana's read-only account for the class could not be made: ${viewer.error}`);
      else if (viewer)
        console.log(`Grafana for the class: log in as ${GRAFANA_VIEWER} (read-only), password grafanaViewerPassword in ${sum.grafanaPasswordFile}.`);
    });
}

function printSummary(project: string, sum: UpSummary, ms: number): void {
  const what = [
    sum.changed ? `${sum.changed} container(s) changed` : sum.reloaded ? '' : 'nothing changed',
    ...(sum.reloaded ? [`${sum.reloaded} reloaded in place`] : []),
    ...(sum.waited ? [`waited for ${sum.waited} an earlier run started`] : []),
  ]
    .filter(Boolean)
    .join(', ');
  console.log(`\n${style.green('✔')} lab "${project}" is up ` + style.dim(`(${what}, ${(ms / 1000).toFixed(1)}s)`) + '\n');
  console.log(table(['', 'URL'], sum.urls));
  for (const l of sum.leftOut) console.log(`  ${style.yellow('!')} ${l.service}: ${l.fix}`);
  if (sum.grafanaPasswordFile) {
    console.log('\nDashboards (`o11y open <name>`):\n' + table(['', 'URL'], sum.dashboards));
    console.log(`\nGrafana login: admin, password in ${sum.grafanaPasswordFile} (grafanaPassword).`);
  }
  if (sum.telegramOff) {
    console.log(
      `\n${style.yellow('!')} Telegram notifications are off: alerts still fire and show in \`o11y alerts\` and \`o11y status\`.` +
        '\n  Turn them on: `o11y init` (it asks), or `O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>`, then `o11y up`.',
    );
  }
}

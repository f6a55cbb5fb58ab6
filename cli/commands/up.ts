// `o11y up`: render, pull, create and start the lab, wait until healthy, print where things are.
import net from 'node:net';
import { confirm } from '@inquirer/prompts';
import { Option, type Command } from 'commander';
import { loadConfig } from '../lab/load-config.js';
import { ensureDockerReachable } from '../docker/client.js';
import { secretsPath, tightenSecrets } from '../config/secrets.js';
import { UserError } from '../errors.js';
import { style, table } from '../output.js';
import { buildImages, type ImageProgress } from '../images/local-images.js';
import { ImagePullError, type PullPolicy } from '../lab/ensure-images.js';
import { prepareStack } from '../lab/prepare-stack.js';
import { refuseLostSecrets } from '../lab/lost-secrets.js';
import { upStack, type UpReporter } from '../lab/up-stack.js';
import { parseServices } from '../lab/parse-services.js';
import { serviceUrls } from '../lab/service-urls.js';
import { dashboardLinks } from '../grafana/links.js';
import { telegramEnabled } from '../alerts/render-alertmanager.js';
import { writeLeftOut } from '../lab/left-out.js';

interface UpFlags {
  config?: string;
  yes?: boolean;
  pull: PullPolicy;
  images: 'config' | 'local';
  services?: string;
  expose?: string | boolean;
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
      const verb = { create: 'creating', recreate: 'recreating', start: 'starting', restart: 'restarting' }[action];
      console.log(`${style.cyan('•')} ${verb} ${service}${why ? style.dim(` (${why})`) : ''}`);
    },
    ready: (service, ms) => console.log(`${style.green('✔')} ${service} healthy in ${(ms / 1000).toFixed(1)}s`),
    removedOrphan: (service) => console.log(`${style.yellow('−')} removed ${service} (no longer part of the stack)`),
  };
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

/** In a terminal (or with --yes), offer local builds when no registry answers. */
async function offerLocalBuild(err: ImagePullError, yes?: boolean): Promise<boolean> {
  if (yes) {
    console.log(`${style.yellow('!')} ${err.message}\n  --yes: building the images locally from Debian packages instead.`);
    return true;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    // No one to ask: the error that follows says how; this says the one-flag way too.
    console.error(`${style.yellow('!')} No registry answers. \`o11y up --yes\` builds the missing images locally and continues.`);
    return false;
  }
  console.log(`${style.yellow('!')} ${err.message}`);
  return confirm({ message: 'Build the images locally from Debian packages (a few minutes the first time) and continue?', default: true });
}

function printBuildProgress(p: ImageProgress): void {
  if (p.kind === 'start') console.log(`${style.cyan('•')} building ${p.image}`);
  else if (p.kind === 'done') console.log(`${style.green('✔')} ${p.image} ${p.built ? `built in ${p.seconds.toFixed(1)}s` : 'up to date'}`);
  else if (p.kind === 'failed') console.log(`${style.red('✖')} ${p.image} failed: ${p.message} (log: ${p.logPath})`);
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start the lab on Docker (or bring it in line with o11y.yaml) and wait until healthy')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .addOption(new Option('--pull <policy>', 'when to pull images').choices(['never', 'missing', 'always']).default('missing'))
    .addOption(
      new Option('--images <source>', 'config: defaults and overrides; local: local builds (`o11y images build`)')
        .choices(['config', 'local'])
        .default('config'),
    )
    .option('--services <list>', 'only these services (comma-separated) and what they depend on')
    .option('-y, --yes', 'when no registry answers, build the missing images locally without asking')
    .option('--expose [address]', 'publish ports on all interfaces (or on <address>) instead of 127.0.0.1')
    .addHelpText(
      'after',
      `
Examples:
  $ o11y up                                  the whole lab, pulling missing images
  $ o11y up --images local --pull never      use images built by \`o11y images build\`
  $ o11y up --services app                   only the app (and PostgreSQL, which it needs)`,
    )
    .action(async (flags: UpFlags) => {
      const started = Date.now();
      const loaded = loadConfig({ configPath: flags.config });
      if (flags.expose) {
        loaded.config.bindAddress = flags.expose === true ? '0.0.0.0' : flags.expose;
        if (net.isIP(loaded.config.bindAddress) === 0)
          throw new UserError(`--expose ${loaded.config.bindAddress}: give an IP address of this machine (or no value for all interfaces), not a host name.`);
      }
      const services = parseServices(flags.services);
      const interrupted = () => {
        console.error(`\n${style.yellow('!')} interrupted: run \`o11y up\` again to finish (it continues from where this stopped).`);
        process.exit(130);
      };
      process.once('SIGINT', interrupted);
      // First, before anything asks the engine (local image refs do): a clear message if it is not there.
      await ensureDockerReachable();
      await refuseLostSecrets(loaded.config.project, loaded.stateDir);
      const loose = tightenSecrets(loaded.stateDir);
      if (loose !== undefined) {
        console.log(
          `${style.yellow('!')} ${secretsPath(loaded.stateDir)} was mode 0${loose.toString(8)} (other users could read the passwords): made it 0600 again.`,
        );
      }
      let prepared = await prepareStack(loaded, { images: flags.images });
      const announce = () => {
        // `--services app` starts no Grafana anyway: no need to say it is left out.
        for (const { service, reason } of prepared.images.leftOut) if (!services || services.includes(service)) console.log(`${style.yellow('!')} ${reason}`);
      };
      announce();
      if (!isLoopback(loaded.config.bindAddress)) {
        console.log(`${style.yellow('!')} ports are published on ${loaded.config.bindAddress}: other machines can reach the lab.`);
      }
      const run = () => upStack(prepared.stack, { stateDir: loaded.stateDir, secrets: prepared.secrets, pull: flags.pull, services, reporter: reporter() });
      let result: Awaited<ReturnType<typeof upStack>>;
      try {
        result = await run();
      } catch (err) {
        if (!(err instanceof ImagePullError && err.registryUnreachable && flags.images === 'config' && (await offerLocalBuild(err, flags.yes)))) throw err;
        await buildImages({ stateDir: loaded.stateDir, onProgress: printBuildProgress });
        prepared = await prepareStack(loaded, { images: 'local' });
        announce();
        flags.pull = 'never';
        result = await run();
        console.log(style.dim('Next time, `o11y up --images local` goes straight to the local images.'));
      }
      process.off('SIGINT', interrupted);
      writeLeftOut(loaded.stateDir, prepared.images.leftOut);
      const changed = Object.values(result.actions).filter((a) => a !== 'unchanged').length;
      // Only what this run manages (`--services app` starts no Grafana).
      const running = prepared.stack.services.map((s) => s.name).filter((name) => name in result.actions);
      console.log(
        `\n${style.green('✔')} lab "${loaded.config.project}" is up ` +
          style.dim(`(${changed ? `${changed} container(s) changed` : 'nothing changed'}, ${((Date.now() - started) / 1000).toFixed(1)}s)`) +
          '\n',
      );
      console.log(
        table(
          ['', 'URL'],
          serviceUrls(loaded.config, running).map((u) => [u.label, u.url]),
        ),
      );
      if (running.includes('grafana')) {
        console.log(
          '\nDashboards (`o11y open <name>`):\n' +
            table(
              ['', 'URL'],
              dashboardLinks(loaded.config).map((l) => [l.title, l.url]),
            ),
        );
        console.log(`\nGrafana login: admin, password in ${secretsPath(loaded.stateDir)} (grafanaPassword).`);
      }
      if (running.includes('alertmanager') && !telegramEnabled(loaded.config, prepared.secrets)) {
        console.log(
          `\n${style.yellow('!')} Telegram notifications are off: alerts still fire and show in \`o11y alerts\` and \`o11y status\`.` +
            '\n  Turn them on: `o11y init` (it asks), or `O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>`, then `o11y up`.',
        );
      }
    });
}

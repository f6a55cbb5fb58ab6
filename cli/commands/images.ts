// `o11y images build|ls`: local images from Debian packages, and which image each service uses.
import type { Command } from 'commander';
import { imageEnvName, loadConfig } from '../lab/load-config.js';
import { SERVICE_NAMES, type ServiceName } from '../services/index.js';
import { UserError } from '../errors.js';
import { printJson, style, table } from '../output.js';
import { buildImages, type ImageProgress } from '../images/build-images.js';
import { listImages } from '../images/list-images.js';

export function registerImages(program: Command): void {
  const images = program
    .command('images')
    .description('build the lab images locally from Debian packages (no registry needed), list the images in use')
    .addHelpText(
      'after',
      '\nExamples:\n  $ o11y images build             build every service that has a Debian package\n  $ o11y images build prometheus  just one\n  $ o11y images ls                which image each service uses, and whether it is here',
    );

  images
    .command('build')
    .argument('[service...]', `services to build (${SERVICE_NAMES.join(', ')}); all buildable ones by default`)
    .description('build local images from Debian packages; only what changed is rebuilt')
    .option('--rebuild', 'build again from nothing, even when up to date')
    .addHelpText('after', '\nExample:\n  $ o11y images build && o11y up --images local --pull never')
    .action(async (services: string[], opts: { rebuild?: boolean }) => {
      const unknown = services.filter((s) => !SERVICE_NAMES.includes(s));
      if (unknown.length)
        throw new UserError(`Unknown service ${unknown.join(', ')}.`, { code: 'O11Y_NAME_UNKNOWN', hint: `Services: ${SERVICE_NAMES.join(', ')}.` });
      const started = performance.now();
      const refs = await buildImages({
        services: services as ServiceName[],
        rebuild: opts.rebuild,
        onProgress: printProgress,
        stateDir: loadConfig().stateDir,
      });
      const count = Object.keys(refs).length;
      if (count === 0)
        throw new UserError(`Nothing to build: ${services.join(', ')} cannot be built from Debian packages.`, { code: 'O11Y_IMAGE_NOT_BUILDABLE' });
      console.log(
        style.dim(`${count} image${count === 1 ? '' : 's'} ready in ${seconds((performance.now() - started) / 1000)}. Use them with: o11y up --images local`),
      );
    });

  images
    .command('ls')
    .description('per service: the image in use, whether the engine has it, and where it comes from')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  $ o11y images ls --json')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listImages(loadConfig().config);
      if (opts.json) return printJson(rows);
      console.log(
        table(
          ['SERVICE', 'IMAGE', 'PRESENT', 'SOURCE', 'LOCAL BUILD'],
          rows.map((r) => [
            r.enabled ? r.service : `${r.service} ${style.dim('(off)')}`,
            r.image,
            r.present ? style.green('yes') : style.yellow('missing'),
            r.source,
            r.localRef ? (r.localPresent ? r.localRef : `${r.localRef} ${style.dim('(not built)')}`) : style.dim('none (no Debian package)'),
          ]),
        ),
      );
    });
}

const NAMES: Record<string, string> = { root: 'debian root filesystem', base: 'base (debian bookworm)' };

function printProgress(e: ImageProgress): void {
  const name = (NAMES[e.image] ?? e.image).padEnd(24);
  switch (e.kind) {
    case 'start':
      console.log(`${style.cyan('…')} ${name} building ${style.dim(e.ref)}`);
      break;
    case 'done':
      console.log(`${style.green('✔')} ${name} ${e.built ? `built in ${seconds(e.seconds)}` : 'up to date'}  ${style.dim(e.ref)}`);
      break;
    case 'failed':
      console.log(`${style.red('✖')} ${name} failed after ${seconds(e.seconds)}: ${e.message}`);
      for (const line of e.lastLines) console.log(style.dim(`    │ ${line}`));
      console.log(`    full log: ${e.logPath}`);
      break;
    case 'unavailable':
      console.log(
        `${style.yellow('–')} ${name} cannot be built here: ${e.reason}. Point images.${e.image} (or ${envName(e.image)}) at a mirror of the official image, or pull it where a registry answers.`,
      );
      break;
  }
}

function envName(service: string): string {
  return imageEnvName(service as ServiceName);
}

function seconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`;
}

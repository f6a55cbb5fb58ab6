// `o11y render`: write the lab as a compose project (compose.yaml + every file it mounts).
import { configOption, shortConfigRefused } from './config-option.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { loadConfig } from '../lab/load-config.js';
import { style } from '../output.js';
import { prepareStack } from '../lab/prepare-stack.js';
import { renderProject } from '../lab/render-project.js';
import { runningLab } from '../lab/running-lab.js';

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('write the lab as a compose project, so plain `docker compose up` runs it')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('-o, --out <dir>', 'output folder (default: the state folder, .o11y)')
    .addOption(
      new Option('--images <source>', 'config: defaults and overrides; local: local builds (default: localImages in o11y.yaml)').choices(['config', 'local']),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ o11y render --out lab && cd lab && docker compose up -d\n  $ o11y render            writes .o11y/compose.yaml next to the files it mounts',
    )
    .action(async (flags: { config?: string; out?: string; images?: 'config' | 'local' }) => {
      const loaded = loadConfig({ configPath: flags.config });
      // The same images `up` runs: the flag, else what o11y.yaml remembers.
      let images = flags.images ?? (loaded.config.localImages ? 'local' : 'config');
      const running = await runningLab(loaded.config.project);
      if (running) {
        // Render what the lab runs: a compose file naming registry images would try to pull them.
        if (running.localImages && !flags.images && images !== 'local') {
          images = 'local';
          console.log(`${style.yellow('!')} the running lab uses local images: rendering those (\`--images config\` for the registry's).`);
        }
        console.log(
          `${style.yellow('!')} the lab "${loaded.config.project}" is running, and this project has its name and ports: \`docker compose up\` there would clash with it. ` +
            'Stop it first (`o11y down`), or render another lab: `O11Y_PROJECT=<name> o11y render` with other ports in o11y.yaml.',
        );
      }
      const prepared = await prepareStack(loaded, { images });
      for (const { reason } of prepared.images.leftOut) console.log(`${style.yellow('!')} ${reason}`);
      const out = path.resolve(flags.out ?? loaded.stateDir);
      const written = renderProject(prepared, loaded.stateDir, out);
      console.log(`${style.green('✔')} wrote ${written.length} files to ${out}:`);
      for (const f of written) console.log(`  ${f}`);
      console.log(
        `\nRun it with: cd ${path.relative(process.cwd(), out) || '.'} && docker compose up -d   (or docker-compose up -d; .env holds the secrets, mode 0600)`,
      );
    });
}

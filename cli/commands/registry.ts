// The list of commands, in the order `o11y --help` shows them. Each command's module (and the
// domain code it pulls in: fastify, the load engine, the Grafana SDK…) is loaded only when
// that command runs, so `o11y status` does not pay for `o11y serve`; help loads them all.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';

type Register = (program: Command) => void;

const COMMANDS: Array<[string, () => Promise<Register>]> = [
  ['init', async () => (await import('./init.js')).registerInit],
  ['up', async () => (await import('./up.js')).registerUp],
  ['down', async () => (await import('./down.js')).registerDown],
  ['status', async () => (await import('./status.js')).registerStatus],
  ['logs', async () => (await import('./logs.js')).registerLogs],
  ['render', async () => (await import('./render.js')).registerRender],
  ['serve', async () => (await import('./serve.js')).registerServe],
  ['load', async () => (await import('./load.js')).registerLoad],
  ['images', async () => (await import('./images.js')).registerImages],
  ['doctor', async () => (await import('./doctor.js')).registerDoctor],
  ['open', async () => (await import('./open.js')).registerOpen],
  ['alerts', async () => (await import('./alerts.js')).registerAlerts],
  ['chaos', async () => (await import('./chaos.js')).registerChaos],
  ['target', async () => (await import('./target.js')).registerTarget],
];

/** Commands that change the lab: one at a time per lab (cli/lab/lab-lock.ts). */
const LOCKING = new Set(['up', 'down', 'target add', 'target rm']);

/** Registers the command named in `args` (argv without node and script), or all of them. */
export async function registerCommands(program: Command, args: string[]): Promise<void> {
  const named = args.find((a) => !a.startsWith('-'));
  const only = COMMANDS.find(([name]) => name === named);
  for (const [, load] of only ? [only] : COMMANDS) (await load())(program);
  program.hook('preAction', async (_program, command) => {
    const opts = command.opts() as { config?: string; dryRun?: boolean; json?: boolean };
    // `up --dry-run` changes nothing, so it needs no lock (taking one would make the state folder);
    // nor does `up --json`, refused at once without --dry-run.
    const name = command.parent?.name() === 'target' ? `target ${command.name()}` : command.name();
    if (LOCKING.has(name) && !opts.dryRun && !opts.json) await lockLab(name, opts.config);
  });
}

async function lockLab(command: string, configPath: string | undefined): Promise<void> {
  const { loadConfig } = await import('../lab/load-config.js');
  const { acquireLabLock } = await import('../lab/lab-lock.js');
  let stateDir: string;
  try {
    // Only where the state folder is: the command itself reports what is wrong with the file.
    stateDir = loadConfig({ configPath, skipValidation: true, onUnknown: () => {} }).stateDir;
  } catch {
    return;
  }
  // `down` where no lab was ever started here has nothing to guard (and makes no state folder).
  if (command === 'down' && !existsSync(stateDir)) return;
  await acquireLabLock(stateDir, command, {
    onWait: (h) =>
      console.error(`waiting for another \`o11y ${h.command}\` of this lab (pid ${h.pid}, started ${new Date(h.startedAt).toLocaleTimeString()}) to finish…`),
  });
}

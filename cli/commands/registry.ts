// The list of commands, in the order `o11y --help` shows them. Each command's module (and the
// domain code it pulls in: fastify, the load engine, the Grafana SDK…) is loaded only when
// that command runs, so `o11y status` does not pay for `o11y serve`; help loads them all.
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
];

/** Registers the command named in `args` (argv without node and script), or all of them. */
export async function registerCommands(program: Command, args: string[]): Promise<void> {
  const named = args.find((a) => !a.startsWith('-'));
  const only = COMMANDS.find(([name]) => name === named);
  for (const [, load] of only ? [only] : COMMANDS) (await load())(program);
}

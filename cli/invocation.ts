// How to run this package again, for the commands that hints print. `npx o11y` resolves to this
// package only inside its clone: anywhere else npm fetches the unrelated public package `o11y`.
// So hints say `npx o11y` only where it resolves here, `npx --prefix <clone> o11y` when that is
// how the user ran it, and otherwise `o11y` (a global install or `npm link`; see the README).
import path from 'node:path';

/** package.json's name: npm exec says which package's folder it ran from. */
const PACKAGE_NAME = 'o11y-lab';

/** `npx o11y`, `npx --prefix /path/to/o11y-lab o11y` or `o11y`: as this process was started. */
export function o11yInvocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const prefix = env.npm_config_local_prefix;
  if (env.npm_command !== 'exec' || env.npm_package_name !== PACKAGE_NAME || !prefix) return 'o11y';
  const fromInside = !path.relative(prefix, cwd).startsWith('..') && !path.isAbsolute(path.relative(prefix, cwd));
  return fromInside ? 'npx o11y' : `npx --prefix ${shellWord(prefix)} o11y`;
}

/** A command line to print: `o11yCommand('up --yes')` is "npx o11y up --yes" inside the clone. */
export function o11yCommand(args: string, env?: NodeJS.ProcessEnv, cwd?: string): string {
  return `${o11yInvocation(env, cwd)} ${args}`;
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

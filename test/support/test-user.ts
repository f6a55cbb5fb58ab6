// A throwaway ordinary user for the tests that must run as one (root makes it): their home, a
// folder in it made under umask 077, and `o11y` run as them there, umask 077, in a clean
// environment, as a user's own shell would.
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from './o11y-cli.js';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** `<home>/lab`, made by the user under umask 077. */
  dir: string;
}

/** Makes `name` afresh (removing a leftover of an earlier run), in `groups` (e.g. docker) or none. */
export async function createTestUser(name: string, groups: string[] = []): Promise<TestUser> {
  await removeTestUser(name);
  await execa('useradd', ['--create-home', ...(groups.length ? ['--groups', groups.join(',')] : []), '--shell', '/bin/sh', name]);
  const uid = Number((await execa('id', ['-u', name])).stdout);
  const gid = Number((await execa('id', ['-g', name])).stdout);
  const home = `/home/${name}`;
  const dir = path.join(home, 'lab');
  await execa('runuser', ['-u', name, '--', 'sh', '-c', `umask 077; mkdir -p ${dir}`]);
  return { name, uid, gid, home, dir };
}

export async function removeTestUser(name: string): Promise<void> {
  await execa('userdel', ['-r', name], { reject: false });
}

/** The environment a user's shell gives `o11y`: theirs, not the test runner's. */
export const userEnv = (u: TestUser) => ({ NO_COLOR: '1', HOME: u.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });

/** `o11y <args>` (the built CLI) as the user, umask 077, in their folder (or `cwd`); never rejects. */
export function o11yAsUser(u: TestUser, args: string[], timeoutMs: number, more: { env?: Record<string, string>; cwd?: string } = {}) {
  return runAsUser(u, [process.execPath, path.join(ROOT, 'bin', 'o11y.js'), ...args], timeoutMs, more);
}

/** Any command line as the user, umask 077, in their folder (or `cwd`), in their environment; never rejects. */
export function runAsUser(u: TestUser, argv: string[], timeoutMs: number, more: { env?: Record<string, string>; cwd?: string } = {}) {
  return execa('runuser', ['-u', u.name, '--', 'sh', '-c', 'umask 077; cd "$0" && exec "$@"', more.cwd ?? u.dir, ...argv], {
    env: { ...userEnv(u), ...more.env },
    extendEnv: false,
    reject: false,
    timeout: timeoutMs,
  });
}

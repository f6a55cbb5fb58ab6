// Fails at once, with the package to install, when a program a test runs is not on PATH.
import { spawnSync } from 'node:child_process';

export function requireBinary(bin: string, install: string): void {
  const res = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (res.error) throw new Error(`${bin} not found. Install it: apt-get install ${install}`);
}

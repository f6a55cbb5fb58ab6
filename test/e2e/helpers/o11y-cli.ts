// Runs the built `o11y` command as a user would (bin/o11y.js), capturing output and exit code.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// O11Y_TEST_ROOT runs another built copy of the package (an installed one, or a private build
// while someone else rebuilds this tree's dist/).
export const ROOT = process.env.O11Y_TEST_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin', 'o11y.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')) || !existsSync(path.join(ROOT, 'dist', 'app', 'server.mjs'))) {
    throw new Error('the CLI is not built: run `npm run build` before the end-to-end tests');
  }
}

export async function o11y(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  const started = Date.now();
  const res = await execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { NO_COLOR: '1', ...opts.env },
    reject: false,
    timeout: opts.timeoutMs ?? 300_000,
  });
  return { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr), ms: Date.now() - started };
}

/** Fails the test with the command's whole output when it did not exit 0. */
export function ok(res: CliResult, what: string): CliResult {
  if (res.exitCode !== 0) throw new Error(`${what} exited ${res.exitCode}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
  return res;
}

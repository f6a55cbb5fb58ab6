// Runs the built `o11y` command as a user would, in a scratch folder (its own state folder).
import { execa } from 'execa';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'o11y.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function scratchDir(prefix: string): string {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) throw new Error('the CLI is not built: run `npm run build` first');
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export async function o11y(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  const started = Date.now();
  const res = await execa(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { NO_COLOR: '1', ...opts.env },
    reject: false,
    timeout: opts.timeoutMs ?? 120_000,
  });
  return { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr), ms: Date.now() - started };
}

// Runs the built `o11y` command as a user would (bin/o11y.js), capturing output and exit code;
// checks first that the build is there and not older than the sources.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// O11Y_TEST_ROOT runs another built copy of the package (an installed one, or a private build
// while someone else rebuilds this tree's dist/).
export const ROOT = process.env.O11Y_TEST_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'o11y.js');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

/**
 * Fails with what to run when a built file (default: the CLI and the service bundle; paths
 * relative to ROOT or absolute) is missing or older than server/ (npm ci and `npm test` build it).
 */
export function assertBuilt(...files: string[]): void {
  const paths = (files.length ? files : ['dist/cli/index.js', 'dist/app/server.mjs']).map((f) => path.resolve(ROOT, f));
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`${path.relative(ROOT, p)} is missing: run \`npm run build\` (npm ci does it) before the tests.`);
  }
  // An installed copy (O11Y_TEST_ROOT) has no sources to be older than.
  const sources = path.join(ROOT, 'server');
  if (!existsSync(sources)) return;
  const newest = newestSource(sources);
  for (const p of paths) {
    if (newest > statSync(p).mtimeMs) throw new Error(`${path.relative(ROOT, p)} is older than server/: run \`npm run build\` before the tests.`);
  }
}

/** A scratch folder (its own state folder) to run the built `o11y` in. */
export function scratchDir(prefix: string): string {
  assertBuilt();
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
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

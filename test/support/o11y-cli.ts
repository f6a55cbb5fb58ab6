// Runs the built `o11y` command as a user would (bin/o11y.js), capturing output and exit code;
// checks first that the build is there and not older than the sources.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** The newest mtime of the files under `p` (itself, if a file); test files are not built. */
function newestSource(p: string): { mtimeMs: number; file: string } {
  const st = statSync(p);
  if (!st.isDirectory()) return { mtimeMs: st.mtimeMs, file: p };
  let newest = { mtimeMs: 0, file: p };
  for (const name of readdirSync(p)) {
    if (name.endsWith('.test.ts')) continue;
    const n = newestSource(path.join(p, name));
    if (n.mtimeMs > newest.mtimeMs) newest = n;
  }
  return newest;
}

/**
 * What dist/ is built from (relative to the package): the folders tsconfig.json compiles (cli/,
 * server/; the service bundle's entry is in server/) and the build's own settings.
 */
export function buildInputs(root: string): string[] {
  const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { include: string[] };
  const folders = [...new Set(tsconfig.include.map((glob) => glob.split('/')[0]))];
  return [...folders, 'tsconfig.json', 'scripts/build.mjs', 'package-lock.json'];
}

/**
 * Fails with what to run when a built file (default: the CLI and the service bundle; paths
 * relative to ROOT or absolute) is missing or older than anything it is built from (npm ci and
 * `npm test` build it).
 */
export function assertBuilt(...files: string[]): void {
  assertBuiltIn(ROOT, files.length ? files : ['dist/cli/index.js', 'dist/app/server.mjs']);
}

/** assertBuilt for the package at `root`. */
export function assertBuiltIn(root: string, files: string[]): void {
  const paths = files.map((f) => path.resolve(root, f));
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`${path.relative(root, p)} is missing: run \`npm run build\` (npm ci does it) before the tests.`);
  }
  // An installed copy (O11Y_TEST_ROOT) has no sources to be older than.
  if (!existsSync(path.join(root, 'tsconfig.json'))) return;
  const inputs = buildInputs(root)
    .map((i) => path.join(root, i))
    .filter((i) => existsSync(i));
  for (const input of inputs) {
    const newest = newestSource(input);
    for (const p of paths) {
      if (newest.mtimeMs > statSync(p).mtimeMs) {
        throw new Error(`${path.relative(root, p)} is older than ${path.relative(root, newest.file)}: run \`npm run build\` before the tests.`);
      }
    }
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

// A private build of the CLI for tests and the bench: `npm run build` empties dist/ first, so a
// build running elsewhere at the same time would pull the CLI away mid-test. Same tsc, same
// layout (package.json, templates, grafana beside dist/), in a folder of our own inside the repo
// so node_modules resolves as usual.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './child-process.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliBuild {
  /** dist/cli/index.js of the private build: run it with `node <entry> load ...`. */
  entry: string;
  remove(): void;
}

/** Builds the package at `root` (this repository unless a test of the build says otherwise). */
export function buildCli(root = repo): CliBuild {
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(root, '.tmp', 'o11y-cli-'));
  // Readable by all: some tests run the build as a throwaway ordinary user.
  chmodSync(dir, 0o755);
  try {
    // A type error fails the build, as it fails `npm run build`: a test never runs code tsc refused.
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root, '--outDir', path.join(dir, 'dist')], {
      encoding: 'utf8',
    });
    if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status}): the CLI has type errors\n${tsc.stdout}${tsc.stderr}`);
    for (const name of ['package.json', 'templates', 'grafana']) {
      if (existsSync(path.join(root, name))) symlinkSync(path.join(root, name), path.join(dir, name));
    }
    const entry = path.join(dir, 'dist', 'cli', 'index.js');
    if (!existsSync(entry)) throw new Error(`tsc produced no ${entry}`);
    return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface LoadResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The build's `o11y load` as a user runs it, in a child process: `onStderr` sees the output so far
 * (to press Ctrl-C at the right moment); killed, and the test failed, past `timeoutMs`.
 */
export async function runLoad(
  cli: CliBuild,
  args: string[],
  opts: { onStderr?: (text: string, child: ChildProcess) => void; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<LoadResult> {
  const proc = await startProcess([process.execPath, cli.entry, 'load', ...args], { name: `o11y load ${args.join(' ')}`, env: opts.env, graceMs: 0 });
  const { onStderr } = opts;
  if (onStderr) proc.child.stderr!.on('data', () => onStderr(proc.stderr(), proc.child));
  const code = await proc.finished(opts.timeoutMs ?? 30_000);
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

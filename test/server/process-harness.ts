// Runs a server process (the bundle or `o11y serve`) for a test: collects its output,
// waits until it answers, and stops it by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '../helpers/eventually.js';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const bundlePath = path.join(root, 'dist', 'app', 'server.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestSource(p) : st.mtimeMs);
  }
  return newest;
}

/** Fails with what to run when dist/ is missing or older than server/ (npm ci builds it). */
export function assertBuilt(file: string): void {
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build\` (npm ci does it) before the tests.`);
  if (newestSource(path.join(root, 'server')) > statSync(file).mtimeMs) {
    throw new Error(`${path.relative(root, file)} is older than server/: run \`npm run build\` before the tests.`);
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(args: string[], env: Record<string, string | undefined>, cwd = root): RunningProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls url until it answers 2xx; fails at once if the process exits first. */
export async function waitForHttp(proc: RunningProcess, url: string, timeoutMs = 20_000): Promise<void> {
  await eventually(`${url} answering 2xx`, async () => (await fetch(url)).ok, { timeoutMs, child: proc.child, detail: proc.output });
}

// Runs a Node process for a test (the gradebook bundle, `o11y serve`): collects its output,
// waits until it answers, and stops it by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './eventually.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
// Plenty for any failure message; a chatty process under load cannot fill the test's memory.
const KEEP_OUTPUT = 1_000_000;

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr as they came (the last megabyte of a chatty one). */
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` (default SIGTERM), SIGKILL after 10 s; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `node <args>` with `env` over this process's environment; `cpu` pins it to that core (taskset). */
export function startProcess(args: string[], env: Record<string, string | undefined>, cwd = repoRoot, cpu?: number): RunningProcess {
  const argv = cpu === undefined ? [process.execPath, ...args] : ['taskset', '-c', String(cpu), process.execPath, ...args];
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
    if (out.length > 2 * KEEP_OUTPUT) out = out.slice(-KEEP_OUTPUT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    // Not started at all (no taskset, say): say why instead of crashing the test runner.
    child.once('error', (err) => {
      out += `\n${argv[0]}: ${err.message}`;
      resolve(null);
    });
  });
  return {
    child,
    pid: child.pid!,
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

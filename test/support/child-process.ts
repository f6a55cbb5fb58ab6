// The one way tests and benches run a process of their own: started (pinned to a core or not),
// its output kept, waited for until ready, and stopped by its own PID only: SIGTERM, then
// SIGKILL after a grace. Stopped for certain when the test that started it ends, and killed if
// this process exits first; Ctrl-C at a terminal reaches it already (same process group).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinnedArgv } from './cpu-pinning.js';
import { eventually } from './eventually.js';
import type { ReadyCheck } from './ready-check.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
// Plenty for any failure message; a chatty process under load cannot fill the test's memory.
const KEEP_OUTPUT = 1_000_000;
// What a timeout's error shows of the process's output.
const TAIL = 2000;
const PIPES_CLOSE_MS = 2000;

export interface StartOptions {
  /** Names it in errors; default the program's file name. */
  name?: string;
  /** Over this process's environment (NO_COLOR=1 set); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Replaces this process's environment instead. */
  cleanEnv?: boolean;
  /** Default the repository's root. */
  cwd?: string;
  /** Pins it to this CPU core (taskset; the PID stays the program's own). */
  cpu?: number;
  /** Awaited before startProcess returns; the process is stopped if it never comes. */
  ready?: ReadyCheck;
  /** Default 30 s. */
  readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL; default 10 s. */
  graceMs?: number;
  /** Stopped when this test ends (node:test's `t`: its after hooks run whether it passed or not). */
  stopWith?: { after(fn: () => unknown): void };
  /** 'pipe' to write to its stdin (`child.stdin`); default ignored. */
  stdin?: 'pipe' | 'ignore';
}

export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr as they came (the last megabyte of a chatty one). */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Waits until `check` holds; fails at once if the process exits, and past `timeoutMs` with its last output. */
  waitUntil(check: ReadyCheck, timeoutMs?: number): Promise<void>;
  /** Its exit code; past `timeoutMs` it is stopped and this fails, naming it and its last output. */
  finished(timeoutMs: number): Promise<number | null>;
  /** Sends `signal` to it (its PID only) and returns at once; nothing once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /** Sends `signal` (default SIGTERM), SIGKILL after the grace; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// Killed if this process exits with them still running (an uncaught error, process.exit()).
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

const tail = (text: string) => (text.length > TAIL ? `…${text.slice(-TAIL)}` : text);

/** Starts `argv` ([program, ...args]); with `ready`, resolves once it holds. */
export async function startProcess(argv: string[], opts: StartOptions = {}): Promise<RunningProcess> {
  const name = opts.name ?? path.basename(argv[0]);
  const graceMs = opts.graceMs ?? 10_000;
  const full = pinnedArgv(argv, opts.cpu);
  const env = { ...(opts.cleanEnv ? {} : process.env), NO_COLOR: '1', ...opts.env };
  const child = spawn(full[0], full.slice(1), { cwd: opts.cwd ?? repoRoot, env, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  let stderr = '';
  const keep = (text: string, d: Buffer) => {
    const next = text + d;
    return next.length > 2 * KEEP_OUTPUT ? next.slice(-KEEP_OUTPUT) : next;
  };
  child.stdout!.on('data', (d: Buffer) => {
    stdout = keep(stdout, d);
    out = keep(out, d);
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr = keep(stderr, d);
    out = keep(out, d);
  });
  let startError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      // Its last output may still be in the pipes: wait for them to close, but not for ever (a
      // grandchild may hold them).
      const timer = setTimeout(() => resolve(code), PIPES_CLOSE_MS);
      child.once('close', () => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    // Not started at all (no such program, no taskset): the error says so instead of crashing the runner.
    child.once('error', (err) => {
      startError = err;
      out += `\n${full[0]}: ${err.message}`;
      resolve(null);
    });
  });
  if (child.pid === undefined) {
    await exited;
    throw new Error(`cannot start ${name} (${full.join(' ')}): ${startError?.message ?? 'no pid'}`);
  }
  killOnExit(child);
  const pid = child.pid;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    // ChildProcess.kill signals this child's own PID, and nothing once it has been reaped.
    if (alive()) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const proc: RunningProcess = {
    name,
    pid,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => out,
    exited,
    async waitUntil(check, timeoutMs = 30_000) {
      await eventually(`${name} (pid ${pid}): ${check.what}`, () => check.probe(out), {
        timeoutMs,
        child,
        detail: () => (out.trim() ? `its last output:\n${tail(out)}` : 'it printed nothing'),
      });
    },
    async finished(timeoutMs) {
      const outcome = await Promise.race([exited.then((code) => ({ code })), sleep(timeoutMs, undefined, { ref: false })]);
      if (outcome) return outcome.code;
      await stop();
      throw new Error(`${name} (pid ${pid}) still running after ${timeoutMs / 1000} s; stopped it. Its last output:\n${tail(out)}`);
    },
    signal(signal) {
      if (alive()) child.kill(signal);
    },
    stop,
  };
  opts.stopWith?.after(() => stop());
  if (opts.ready) {
    try {
      await proc.waitUntil(opts.ready, opts.readyTimeoutMs);
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return proc;
}

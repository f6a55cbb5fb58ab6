// Pinning a process to one CPU core with util-linux `taskset`, so a service and the load on it
// do not share a core. taskset execs the program, so the PID it gets is the program's own.
import { execFileSync } from 'node:child_process';

let available: boolean | undefined;

/** Whether `taskset` runs here (util-linux); read once. */
export function tasksetAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** `argv` run on `cpu` (through taskset), or as it is without a cpu. */
export function pinnedArgv(argv: string[], cpu: number | undefined): string[] {
  return cpu === undefined ? argv : ['taskset', '-c', String(cpu), ...argv];
}

/** Moves a running process, every thread of it, to `cpu` (children it forks later inherit it). */
export function pinRunning(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

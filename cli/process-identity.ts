// Whether a pid written down earlier still names the same process. A pid alone does not say:
// after a kill or a reboot the kernel hands it to another process (pids wrap at 32768 by
// default, and a lock file in a project folder outlives reboots). On Linux a process is
// identified by its pid, its start time (/proc/<pid>/stat, clock ticks since boot) and the boot.
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export interface ProcessStat {
  /** The program's name as the kernel keeps it (at most 15 characters). */
  comm: string;
  /** R, S, D, Z (a zombie: exited, not reaped yet), … */
  state: string;
  /** When it started, in clock ticks since boot. */
  startTicks: number;
}

/** /proc/<pid>/stat, or undefined when there is no such process (or no /proc to read). */
export function processStat(pid: number, proc = '/proc'): ProcessStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(path.join(proc, String(pid), 'stat'), 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may itself hold spaces and parentheses; starttime is field 22.
  const close = stat.lastIndexOf(')');
  const rest = stat.slice(close + 2).split(' ');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), state: rest[0], startTicks: Number(rest[19]) };
}

export interface ProcessIdentity {
  pid: number;
  /** Linux: /proc/sys/kernel/random/boot_id. */
  boot?: string;
  /** Linux: ProcessStat.startTicks. */
  start?: number;
  /** Linux: the pid namespace (a container's pids are not the host's). */
  ns?: string;
}

export function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

/** What to write down to recognise this process (or `pid`, of our pid namespace) later. */
export function identityOf(pid = process.pid): ProcessIdentity {
  return { pid, boot: bootId(), start: processStat(pid)?.startTicks, ns: pidNamespace() };
}

/**
 * Whether `id` was written in this system's pid space: the same boot (a kernel, until it
 * reboots) and pid namespace, as far as both sides can tell. Otherwise its pid means nothing here:
 * another boot, or another kernel or container sharing the folder.
 */
export function writtenHere(id: ProcessIdentity): boolean {
  const differ = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;
  return !differ(id.boot, bootId()) && !differ(id.ns, pidNamespace());
}

/** True while the process written down here (writtenHere) is running: same start, not a zombie. */
export function stillRunning(id: ProcessIdentity): boolean {
  const stat = processStat(id.pid);
  if (stat) return stat.state !== 'Z' && (id.start === undefined || stat.startTicks === id.start);
  // No /proc entry: none on this system (macOS), or hidden from us (hidepid), or no such process.
  try {
    process.kill(id.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// dockerd refuses to start while /var/run/docker.pid names a process that exists, whatever that
// process is now ("pid file found, ensure docker is not running"; since moby 23 "process with PID
// N is still running"; moby/moby#41465 and #46988), and its containerd supervisor
// adopts (and may later kill) whatever process containerd.pid names. A daemon killed without a
// reboot (a container restarted, a session ended, an OOM kill) leaves both files behind, and once
// its pid is reused `o11y doctor --fix` could never start Docker again. So before starting dockerd
// we remove a pid file whose process is gone, a zombie, or no longer the program that wrote it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processStat } from '../process-identity.js';

/** What a pid file names right now. */
export type PidFileState = { kind: 'absent' } | { kind: 'live'; pid: number } | { kind: 'stale'; pid?: number; why: string };

export interface DaemonPidFiles {
  dockerd: string;
  containerd: string;
}

const DAEMON_JSON = '/etc/docker/daemon.json';

/** Where a dockerd started with no flags writes its pid files: the defaults, or daemon.json's `pidfile` and `exec-root`. */
export function daemonPidFiles(daemonJson = DAEMON_JSON): DaemonPidFiles {
  let conf: { pidfile?: unknown; 'exec-root'?: unknown } = {};
  try {
    conf = JSON.parse(readFileSync(daemonJson, 'utf8'));
  } catch {
    // No daemon.json (the usual case), or one dockerd itself will complain about.
  }
  const execRoot = typeof conf['exec-root'] === 'string' ? conf['exec-root'] : '/var/run/docker';
  return {
    dockerd: typeof conf.pidfile === 'string' ? conf.pidfile : '/var/run/docker.pid',
    containerd: path.join(execRoot, 'containerd', 'containerd.pid'),
  };
}

/** Whether `file` names a live process called `program` (its /proc comm), and if not, why not. */
export function pidFileState(file: string, program: string, proc = '/proc'): PidFileState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    // Gone between two looks too: a daemon that exits cleanly removes its own.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw err;
  }
  const pid = /^\d+$/.test(text) ? Number(text) : undefined;
  if (pid === undefined || pid === 0) return { kind: 'stale', why: `it holds no pid (${JSON.stringify(text.slice(0, 20))})` };
  const stat = processStat(pid, proc);
  if (!stat) return { kind: 'stale', pid, why: `no process ${pid} is running` };
  if (stat.comm !== program) return { kind: 'stale', pid, why: `process ${pid} is now ${stat.comm}, not ${program}` };
  // A killed daemon whose parent never reaped it (no init in a container) stays a zombie.
  if (stat.state === 'Z') return { kind: 'stale', pid, why: `${program} ${pid} has exited (a zombie)` };
  return { kind: 'live', pid };
}

/**
 * Removes the daemons' pid files that name no live daemon, saying which and why. Returns the pid
 * of a dockerd that is still running, if any: starting a second one would fail, so the caller
 * waits for that one instead.
 */
export function clearStalePidFiles(files: DaemonPidFiles, log: (line: string) => void, proc = '/proc'): number | undefined {
  const daemon = pidFileState(files.dockerd, 'dockerd', proc);
  if (daemon.kind === 'live') return daemon.pid;
  for (const [file, state] of [
    [files.dockerd, daemon],
    [files.containerd, pidFileState(files.containerd, 'containerd', proc)],
  ] as const) {
    if (state.kind !== 'stale') continue;
    rmSync(file, { force: true });
    log(`removed the stale pid file ${file}: ${state.why}`);
  }
  return undefined;
}

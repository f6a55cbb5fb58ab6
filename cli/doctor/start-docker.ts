// Starts the Docker daemon on this machine when it is not answering: systemd where systemd
// is the init, otherwise `dockerd` in the background with its log in the state folder.
// The stack's end-to-end test setup calls this, so `npm test` works on a fresh machine.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../lab/load-config.js';
import { dockerEndpoint, ensureDockerReachable } from '../docker/client.js';
import { UserError } from '../errors.js';
import { mkdirForUser, openForUser } from '../sudo-owner.js';
import { unixSocketPath } from './docker-checks.js';
import { findExecutable } from './find-executable.js';
import { clearStalePidFiles, daemonPidFiles, pidFileState } from './stale-pid-files.js';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface DockerStart {
  how: 'already-running' | 'systemd' | 'dockerd';
  /** The background dockerd's pid and log, when we started one. */
  pid?: number;
  logPath?: string;
}

export interface StartOptions {
  stateDir?: string;
  /** How long to wait for the daemon to answer once started. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Under sudo, hand the log folder and files to the user (a project's .o11y); not for system folders. */
  forUser?: boolean;
}

export async function ensureDockerRunning(opts: StartOptions = {}): Promise<DockerStart> {
  if (await answers()) return { how: 'already-running' };
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (unixSocketPath() !== DEFAULT_SOCKET) {
    // Another socket or a remote engine: starting a second daemon here would not be the one meant.
    throw new UserError(`Docker at ${dockerEndpoint()} is not answering, and it is not the local default daemon, so it is not started from here.`, {
      code: 'O11Y_DOCKER_START_FAILED',
      hint: 'Start the daemon that DOCKER_HOST names, or unset DOCKER_HOST to use the local one.',
    });
  }
  if (process.getuid?.() !== 0) {
    throw new UserError('Docker is not running, and starting it needs root.', {
      code: 'O11Y_ROOT_REQUIRED',
      hint: 'sudo systemctl start docker (or run `sudo o11y doctor --fix`).',
    });
  }
  if (systemdIsInit() && findExecutable('systemctl')) {
    // systemd restarts a killed dockerd, but the pid file it left can block that too (moby/moby#41465).
    clearStalePidFiles(daemonPidFiles(), log);
    log('starting Docker with systemctl start docker');
    const res = spawnSync('systemctl', ['start', 'docker'], { encoding: 'utf8' });
    if (res.status !== 0)
      throw new UserError(`systemctl start docker failed: ${(res.stderr || res.stdout).trim()}`, {
        code: 'O11Y_DOCKER_START_FAILED',
        hint: 'journalctl -u docker shows why.',
      });
    await waitUntilAnswering(timeoutMs, () => undefined);
    return { how: 'systemd' };
  }
  const dockerd = findExecutable('dockerd');
  if (!dockerd) {
    throw new UserError('Docker is not installed (no dockerd on PATH).', {
      code: 'O11Y_DOCKER_NOT_INSTALLED',
      hint: 'apt-get install docker.io (or `o11y doctor --fix`).',
    });
  }
  if ((await settleEarlierDaemon(timeoutMs, log)) === 'answering') return { how: 'already-running' };
  const logPath = path.join(opts.stateDir ?? loadConfig().stateDir, 'logs', 'dockerd.log');
  const forUser = opts.forUser !== false;
  if (forUser) mkdirForUser(path.dirname(logPath));
  else mkdirSync(path.dirname(logPath), { recursive: true });
  const fd = openForUser(logPath, true, forUser);
  log(`starting ${dockerd} in the background (log: ${logPath})`);
  // Detached and unreferenced: the daemon outlives this command, as a service would.
  const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `dockerd exited (${signal ?? `code ${code}`})`));
  child.once('error', (err) => (exited = err.message));
  child.unref();
  await waitUntilAnswering(timeoutMs, () => exited, logPath);
  const pidFd = openForUser(path.join(path.dirname(logPath), 'dockerd.pid'), false, forUser);
  writeSync(pidFd, `${child.pid}\n`);
  closeSync(pidFd);
  return { how: 'dockerd', pid: child.pid, logPath };
}

/**
 * Clears the pid files a killed daemon left (see stale-pid-files.ts). A dockerd still running but
 * not answering is starting up or shutting down: wait for it to answer (done) or exit (then start ours).
 */
async function settleEarlierDaemon(timeoutMs: number, log: (line: string) => void): Promise<'answering' | 'gone'> {
  const files = daemonPidFiles();
  const running = clearStalePidFiles(files, log);
  if (running === undefined) return 'gone';
  log(`a dockerd is already running (pid ${running}); waiting for it to answer or exit`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers()) return 'answering';
    if (pidFileState(files.dockerd, 'dockerd').kind !== 'live') {
      clearStalePidFiles(files, log);
      return 'gone';
    }
    await sleep(250);
  }
  throw new UserError(`A dockerd (pid ${running}) is running but has not answered at ${dockerEndpoint()} within ${Math.round(timeoutMs / 1000)} s.`, {
    code: 'O11Y_DOCKER_START_FAILED',
    hint: `Stop it (kill ${running}), then run \`o11y doctor --fix\` again.`,
  });
}

async function answers(): Promise<boolean> {
  try {
    await ensureDockerReachable(undefined, 3000);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(timeoutMs: number, died: () => string | undefined, logPath?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers()) return;
    const why = died();
    if (why) throw startFailed(why, logPath);
    await sleep(250);
  }
  throw startFailed(`Docker did not answer at ${dockerEndpoint()} within ${Math.round(timeoutMs / 1000)} s`, logPath);
}

function startFailed(why: string, logPath?: string): UserError {
  const tail = logPath && existsSync(logPath) ? readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-8).join('\n  ') : '';
  return new UserError(`Could not start Docker: ${why}.${tail ? `\n  ${tail}` : ''}`, {
    code: 'O11Y_DOCKER_START_FAILED',
    hint: logPath ? `Full log: ${logPath}` : undefined,
  });
}

/** systemd is only usable when it is PID 1 (not in containers and other minimal inits). */
export function systemdIsInit(): boolean {
  try {
    return readFileSync('/proc/1/comm', 'utf8').trim() === 'systemd';
  } catch {
    return false;
  }
}

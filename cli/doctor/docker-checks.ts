// Doctor's checks of the Docker setup: installed, daemon reachable, socket permission, free disk.
import { o11yCommand } from '../invocation.js';
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { DockerConnectionError, dockerEndpoint, ensureDockerReachable } from '../docker/client.js';
import { engineInfo, type EngineInfo } from '../docker/images.js';
import { type CheckResult, fail, ok, skip, warn } from './check.js';
import { findExecutable } from './find-executable.js';

const GiB = 1024 ** 3;
/** Local images take about 1.6 GB; the lab's volumes grow with load tests. */
export const DISK_FAIL_BELOW = 2 * GiB;
export const DISK_WARN_BELOW = 5 * GiB;

export function unixSocketPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const endpoint = dockerEndpoint(env);
  return endpoint.startsWith('unix://') ? endpoint.slice('unix://'.length) : undefined;
}

export function checkDockerInstalled(): CheckResult {
  const title = 'Docker installed';
  const cli = findExecutable('docker');
  const daemon = findExecutable('dockerd');
  if (cli || daemon) return ok('docker-installed', title, [cli, daemon].filter(Boolean).join(', '));
  if (process.env.DOCKER_HOST && !unixSocketPath()) {
    return ok('docker-installed', title, `no local Docker; using the engine at DOCKER_HOST=${process.env.DOCKER_HOST}`);
  }
  return fail(
    'docker-installed',
    title,
    'neither docker nor dockerd is on PATH',
    'On Debian/Ubuntu: `sudo o11y doctor --fix` (apt-get install docker.io); elsewhere install Docker Desktop or Docker Engine.',
  );
}

/** Daemon check; when it answers, also what the engine told us (for the disk check). */
export async function checkDockerDaemon(): Promise<{ result: CheckResult; engine?: EngineInfo }> {
  const title = 'Docker daemon reachable';
  try {
    await ensureDockerReachable(undefined, 5000);
    const engine = await engineInfo();
    return { result: ok('docker-daemon', title, `Docker ${engine.version} at ${dockerEndpoint()}`), engine };
  } catch (err) {
    const e = err as Error;
    return { result: fail('docker-daemon', title, e.message, daemonFix(err)) };
  }
}

/** Doctor's own fix, never "run o11y doctor": the one command that starts (or installs) the engine. */
function daemonFix(err: unknown): string {
  if (err instanceof DockerConnectionError && err.problem === 'permission') return socketFix();
  if (process.env.DOCKER_HOST && unixSocketPath() !== '/var/run/docker.sock')
    return `Start the engine DOCKER_HOST (${process.env.DOCKER_HOST}) names, or unset DOCKER_HOST to use this machine's.`;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return (
    `\`${sudo}${o11yCommand('doctor --fix')}\` installs (Debian/Ubuntu) and starts it; or \`${sudo}systemctl start docker\`, or start Docker Desktop. ` +
    `\`${o11yCommand('up')}\` offers the same fix.`
  );
}

function socketFix(): string {
  return 'sudo usermod -aG docker $USER, then log out and in again (a new login); until then run as root, or let `o11y up` continue through sudo.';
}

export function checkSocketPermission(): CheckResult {
  const title = 'Docker socket permission';
  const socket = unixSocketPath();
  if (!socket) return skip('docker-socket', title, `not a local socket (DOCKER_HOST=${process.env.DOCKER_HOST})`);
  if (!existsSync(socket)) return skip('docker-socket', title, `no socket at ${socket} (the daemon is not running)`);
  try {
    accessSync(socket, constants.R_OK | constants.W_OK);
    return ok('docker-socket', title, `${socket} is readable and writable`);
  } catch {
    return fail('docker-socket', title, `no read/write access to ${socket}`, socketFix());
  }
}

export function checkFreeDisk(engine: EngineInfo | undefined, stateDir: string): CheckResult {
  const title = 'Free disk space';
  // The engine's own folder when it is on this machine, else where the state folder lives.
  const root = unixSocketPath() ? engine?.rootDir : undefined;
  const where = root && existsSync(root) ? root : nearestExisting(stateDir);
  const st = statfsSync(where);
  const free = st.bavail * st.bsize;
  const detail = `${(free / GiB).toFixed(1)} GB free at ${where}`;
  const fix = `Free space on that filesystem (\`docker system prune\` removes unused images and stopped containers); the lab needs about ${DISK_WARN_BELOW / GiB} GB.`;
  if (free < DISK_FAIL_BELOW) return fail('disk', title, detail, fix);
  if (free < DISK_WARN_BELOW) return warn('disk', title, detail, fix);
  return ok('disk', title, detail);
}

function nearestExisting(p: string): string {
  let dir = path.resolve(p);
  while (!existsSync(dir)) dir = path.dirname(dir);
  return dir;
}

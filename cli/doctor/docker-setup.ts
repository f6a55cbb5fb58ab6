// What `o11y up` does when the Docker engine does not answer: the plan that gets it running (what
// `doctor --fix` does: install docker.io + debootstrap on Debian/Ubuntu, start the daemon), as the
// exact commands it will run, as root or through sudo; or, where that cannot work here, the one step
// that would. Planning reads facts about the host and is separate from doing, so every branch is testable.
import { o11yCommand } from '../invocation.js';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { dockerEndpoint } from '../docker/client.js';
import { UserError } from '../errors.js';
import { applyFixes, isDebianLike } from './fix.js';
import { findExecutable } from './find-executable.js';
import { DEFAULT_SOCKET, systemdIsInit } from './start-docker.js';
import { unixSocketPath } from './docker-checks.js';

export interface HostFacts {
  platform: NodeJS.Platform;
  root: boolean;
  debianLike: boolean;
  dockerd: boolean;
  debootstrap: boolean;
  systemd: boolean;
  /** Not root: is sudo there, and does it ask for a password? */
  sudo: 'absent' | 'asks' | 'no-password';
  /** DOCKER_HOST when it names another engine than this machine's default socket. */
  otherEngine?: string;
}

export type DockerSetup =
  | {
      kind: 'fixable';
      /** What is missing, in a few words: "Docker is not installed". */
      missing: string;
      packages: string[];
      /** The commands, in order, exactly as they will run (as root). */
      commands: string[];
      /** Not root: run through `sudo` (which may ask for the password). */
      viaSudo: boolean;
      sudoAsks: boolean;
    }
  | { kind: 'manual'; missing: string; step: string };

export function hostFacts(): HostFacts {
  const root = process.getuid?.() === 0;
  let sudo: HostFacts['sudo'] = 'absent';
  if (!root && findExecutable('sudo')) sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? 'no-password' : 'asks';
  const socket = unixSocketPath();
  return {
    platform: process.platform,
    root,
    debianLike: isDebianLike(),
    dockerd: findExecutable('dockerd') !== undefined,
    debootstrap: findExecutable('debootstrap') !== undefined,
    systemd: systemdIsInit() && findExecutable('systemctl') !== undefined,
    sudo,
    otherEngine: socket === DEFAULT_SOCKET ? undefined : dockerEndpoint(),
  };
}

/** `stateDir` only names where a background dockerd logs. */
export function planDockerSetup(facts: HostFacts, stateDir: string): DockerSetup {
  if (facts.otherEngine) {
    return {
      kind: 'manual',
      missing: `The Docker engine at DOCKER_HOST=${facts.otherEngine} does not answer`,
      step: `Start the engine DOCKER_HOST names, or unset DOCKER_HOST to use this machine’s, then \`${o11yCommand('up')}\` again.`,
    };
  }
  if (facts.platform === 'darwin' || facts.platform === 'win32') {
    return {
      kind: 'manual',
      missing: 'Docker Desktop is not running (or not installed)',
      step: `Start Docker Desktop (install it from https://docs.docker.com/desktop/ if it is not there), then \`${o11yCommand('up')}\` again.`,
    };
  }
  const missing = facts.dockerd ? 'The Docker daemon is installed but not running' : 'Docker is not installed';
  if (!facts.dockerd && !facts.debianLike) {
    return {
      kind: 'manual',
      missing,
      step: `Install Docker Engine for your distribution (https://docs.docker.com/engine/install/) and start it, then \`${o11yCommand('up')}\` again.`,
    };
  }
  const packages = facts.debianLike ? [!facts.dockerd && 'docker.io', !facts.debootstrap && 'debootstrap'].filter((p): p is string => Boolean(p)) : [];
  const start = facts.systemd ? 'systemctl start docker' : `dockerd & (in the background; log: ${path.join(stateDir, 'logs', 'dockerd.log')})`;
  const commands = [...(packages.length ? ['apt-get update', `apt-get install -y ${packages.join(' ')}`] : []), start];
  if (!facts.root && facts.sudo === 'absent') {
    return {
      kind: 'manual',
      missing,
      step: `As root (there is no sudo here), run \`${o11yCommand('doctor --fix --yes')}\` in this folder (it runs: ${commands.join('; ')}), then \`${o11yCommand('up')}\`.`,
    };
  }
  return { kind: 'fixable', missing, packages, commands, viaSudo: !facts.root, sudoAsks: facts.sudo === 'asks' };
}

/** The command line that does the setup through sudo: this very CLI's `doctor --fix`, as root. */
export function sudoFixCommand(setup: { sudoAsks: boolean }, configPath: string): string[] {
  return ['sudo', ...(setup.sudoAsks ? [] : ['-n']), process.execPath, cliEntry(), 'doctor', '--fix', '--yes', '--offline', '--config', configPath];
}

export interface ApplyOptions {
  stateDir: string;
  configPath: string;
  /** Progress lines (apt's own output goes to stderr). */
  log: (line: string) => void;
}

/** Runs the plan: in this process as root, otherwise `doctor --fix` through sudo. */
export async function applyDockerSetup(setup: Extract<DockerSetup, { kind: 'fixable' }>, opts: ApplyOptions): Promise<void> {
  if (!setup.viaSudo) {
    await applyFixes({ packages: setup.packages, startDaemon: true }, opts.stateDir, opts.log);
    return;
  }
  const [cmd, ...args] = sudoFixCommand(setup, opts.configPath);
  // stdout is doctor's report (run as root, so not what this user sees); the plan, apt and sudo's question reach the terminal.
  const res = spawnSync(cmd, args, { stdio: ['inherit', 'ignore', 'inherit'] });
  if (res.error || (res.status !== 0 && res.status !== 1)) {
    throw new UserError(`Setting up Docker through sudo failed (${res.error?.message ?? `exit ${res.status ?? res.signal}`}).`, {
      code: 'O11Y_SUDO_FAILED',
      hint: `Run it yourself to see why: sudo ${o11yCommand('doctor --fix')}`,
    });
  }
}

/** Runs this same `o11y` command again as root through sudo, for this run only; resolves to its exit code. */
export function rerunThroughSudo(argv: string[]): number {
  // sudo resets the environment: what configures the lab (O11Y_*), colours and proxies go along explicitly.
  const keep = Object.entries(process.env).filter(([k, v]) => v !== undefined && /^(O11Y_|NO_COLOR$|FORCE_COLOR$|https?_proxy$|no_proxy$)/i.test(k));
  const res = spawnSync('sudo', ['--', 'env', ...keep.map(([k, v]) => `${k}=${v}`), process.execPath, cliEntry(), ...argv], { stdio: 'inherit' });
  if (res.error) throw new UserError(`Could not run sudo: ${res.error.message}.`, { code: 'O11Y_SUDO_FAILED' });
  return res.status ?? 1;
}

/** The user's own name, for the one command that adds them to the docker group. */
export function dockerGroupCommand(): string {
  const user = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || '$USER';
  return `sudo usermod -aG docker ${user}`;
}

function cliEntry(): string {
  return path.resolve(process.argv[1]);
}

// The one place that connects to the Docker engine (DOCKER_HOST honoured) and turns
// connection failures into errors a user can act on.
import { o11yCommand } from '../invocation.js';
import Docker from 'dockerode';
import { UserError } from '../errors.js';

let shared: Docker | undefined;

export function dockerClient(): Docker {
  shared ??= new Docker();
  return shared;
}

/** Where we are talking to, for messages. */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** Checks the engine answers within `timeoutMs`; throws a UserError saying how to fix it. */
export async function ensureDockerReachable(docker: Docker = dockerClient(), timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
  } catch (err) {
    throw dockerConnectionError(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Why the engine could not be used: `permission` (the socket is closed to this user), `unreachable`, or `error` (it answered badly). */
export type DockerProblem = 'permission' | 'unreachable' | 'error';

const DOCKER_PROBLEM_CODE = { permission: 'O11Y_DOCKER_PERMISSION', unreachable: 'O11Y_DOCKER_UNREACHABLE', error: 'O11Y_DOCKER_ERROR' } as const;

export class DockerConnectionError extends UserError {
  constructor(
    message: string,
    readonly problem: DockerProblem,
    options: { hint?: string; cause?: unknown },
  ) {
    super(message, { ...options, code: DOCKER_PROBLEM_CODE[problem] });
  }
}

export function dockerConnectionError(err: unknown): DockerConnectionError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const where = dockerEndpoint();
  if (code === 'EACCES' || code === 'EPERM') {
    return new DockerConnectionError(`Permission denied on the Docker socket (${where}).`, 'permission', {
      hint: 'Add yourself to the docker group (sudo usermod -aG docker $USER, then log out and in again) or run as root.',
      cause: err,
    });
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    const asRoot = process.getuid?.() === 0 ? '' : 'sudo ';
    return new DockerConnectionError(`Docker is not reachable at ${where} (${code}).`, 'unreachable', {
      hint: process.env.DOCKER_HOST
        ? 'Start the engine DOCKER_HOST names, or unset DOCKER_HOST to use the local socket.'
        : `Start Docker (Docker Desktop, or \`${asRoot}systemctl start docker\` on Linux). On Debian/Ubuntu \`${asRoot}${o11yCommand('doctor --fix')}\` installs and starts it; \`${o11yCommand('up')}\` offers to.`,
      cause: err,
    });
  }
  return new DockerConnectionError(`Docker at ${where} answered with an error: ${(err as Error)?.message ?? err}`, 'error', { cause: err });
}

/**
 * Whether the engine runs rootless (`name=rootless` among its security options, as `docker info`
 * shows them): then container root is the host user. False when the engine does not answer.
 */
export async function engineIsRootless(docker: Docker = dockerClient(), timeoutMs = 5000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const info = (await Promise.race([
      docker.info(),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve({}), timeoutMs);
      }),
    ])) as { SecurityOptions?: string[] };
    return isRootlessEngine(info.SecurityOptions ?? []);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** `name=rootless` in the engine's security options (each "name=x,key=value,..."). */
export function isRootlessEngine(securityOptions: string[]): boolean {
  return securityOptions.some((o) => o.split(',').includes('name=rootless'));
}

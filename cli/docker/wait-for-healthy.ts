// Readiness in testcontainers' model: poll the container's health check; unhealthy or exited
// fails at once with its last log lines, otherwise give up after the timeout, naming both.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';
import { lastLogLines } from './container-logs.js';

export class ContainerNotReadyError extends Error {
  constructor(
    message: string,
    readonly logLines: string[],
  ) {
    super(message);
    this.name = 'ContainerNotReadyError';
  }
}

export async function waitForHealthy(
  id: string,
  name: string,
  opts: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
  docker: Docker = dockerClient(),
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const intervalMs = opts.intervalMs ?? 150;
  const started = Date.now();
  for (;;) {
    const info = await docker.getContainer(id).inspect();
    const health = info.State.Health?.Status;
    if (!info.State.Running) {
      throw new ContainerNotReadyError(`${name} exited (code ${info.State.ExitCode}) before it was ready`, await lastLogLines(id, 20, docker));
    }
    if (health === 'healthy' || (health === undefined && info.State.Running)) return;
    if (health === 'unhealthy') {
      const probe = info.State.Health?.Log?.at(-1)?.Output?.trim();
      const lines = await lastLogLines(id, 20, docker);
      throw new ContainerNotReadyError(`${name} is unhealthy${probe ? ` (health check: ${probe.slice(0, 200)})` : ''}`, lines);
    }
    if (Date.now() - started > timeoutMs) {
      throw new ContainerNotReadyError(`${name} not healthy after ${Math.round(timeoutMs / 1000)}s`, await lastLogLines(id, 20, docker));
    }
    if (opts.signal?.aborted) throw new Error('aborted');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

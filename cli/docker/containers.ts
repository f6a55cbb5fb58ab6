// Thin container operations over dockerode, always scoped by our labels.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';

export type ContainerSummary = Docker.ContainerInfo;

export async function listContainers(labelFilters: string[], docker: Docker = dockerClient()): Promise<ContainerSummary[]> {
  return docker.listContainers({ all: true, filters: { label: labelFilters } });
}

export async function inspectContainer(id: string, docker: Docker = dockerClient()): Promise<Docker.ContainerInspectInfo> {
  return docker.getContainer(id).inspect();
}

export async function createContainer(options: Docker.ContainerCreateOptions, docker: Docker = dockerClient()): Promise<Docker.Container> {
  return docker.createContainer(options);
}

export async function startContainer(id: string, docker: Docker = dockerClient()): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err; // 304: already running
  }
}

/** Restarts a container: Docker sets its port forwarding up again on start. */
export async function restartContainer(id: string, timeoutS = 10, docker: Docker = dockerClient()): Promise<void> {
  await docker.getContainer(id).restart({ t: timeoutS });
}

/** Stops (SIGTERM, then SIGKILL after `timeoutS`) and removes a container; gone already is fine. */
export async function removeContainer(id: string, timeoutS = 10, docker: Docker = dockerClient()): Promise<void> {
  const c = docker.getContainer(id);
  try {
    await c.stop({ t: timeoutS });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 304 && code !== 404) throw err;
  }
  try {
    await c.remove({ force: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

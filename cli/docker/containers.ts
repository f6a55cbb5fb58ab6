// Thin container operations over dockerode, always scoped by our labels.
import type Docker from 'dockerode';
import tar from 'tar-stream';
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

/** A file to put into a container before it starts. */
export interface FileIn {
  /** Absolute path in the container. */
  path: string;
  content: string;
  uid: number;
  gid: number;
}

/**
 * Copies files into a created container's own filesystem (the archive API), mode 0400 and owned
 * by `uid:gid` there. Nothing is written on the host and nothing shows
 * in `docker inspect`; a restart keeps them, a recreate puts them in again.
 */
export async function copyFilesIn(id: string, files: FileIn[], docker: Docker = dockerClient()): Promise<void> {
  if (files.length === 0) return;
  const pack = tar.pack();
  // File entries only: the engine makes missing folders 0755 root's and leaves existing ones (/run) as they are.
  for (const f of files) pack.entry({ name: f.path.slice(1), mode: 0o400, uid: f.uid, gid: f.gid }, f.content);
  pack.finalize();
  await docker.getContainer(id).putArchive(pack, { path: '/' });
}

/** Sends a signal to a container's main process (a config reload: SIGHUP). */
export async function signalContainer(id: string, signal: string, docker: Docker = dockerClient()): Promise<void> {
  await docker.getContainer(id).kill({ signal });
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

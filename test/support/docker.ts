// The Docker setup of every test that needs the engine (each calls requireDocker() first;
// `npm test` starts the daemon up front when a selected file does): a reachable engine, the product's local images, and
// what the engine holds for a project (by our labels only).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { ensureDockerRunning } from '../../cli/doctor/start-docker.js';
import { LABEL } from '../../cli/stack/labels.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { freePort } from './free-port.js';
import { o11y, ok } from './o11y-cli.js';

/**
 * Starts the local daemon through the product (`ensureDockerRunning`, what `o11y doctor --fix`
 * uses) when it is not answering; fails with what to do when that is not possible.
 */
export async function requireDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    // Same place as scripts/preflight.mjs: root-owned (only root starts a daemon), not a /tmp
    // path another user could plant symlinks in first.
    await ensureDockerRunning({ stateDir: '/var/lib/o11y-lab-test-dockerd', forUser: false });
    await docker.ping();
  } catch (err) {
    throw new Error(
      `the Docker engine is not reachable (${(err as Error).message}): install and start it ` +
        '(`apt-get install docker.io` and `dockerd &`, or `o11y doctor --fix`), then run the tests again',
    );
  }
  return docker;
}

/** Builds (or finds up to date) the local images through the product's own builder, in `cwd` or a scratch folder. */
export async function buildLocalImages(cwd?: string): Promise<void> {
  const dir = cwd ?? mkdtempSync(path.join(os.tmpdir(), 'o11y-images-build-'));
  try {
    ok(await o11y(['images', 'build'], { cwd: dir, timeoutMs: 20 * 60_000 }), 'o11y images build');
  } finally {
    if (!cwd) rmSync(dir, { recursive: true, force: true });
  }
}

/** A free 127.0.0.1 port for every `ports.*` key, so a test lab never collides with a user's. */
export async function freeLabPorts(): Promise<Record<keyof LabConfig['ports'], number>> {
  const ports = {} as Record<keyof LabConfig['ports'], number>;
  const taken = new Set<number>();
  for (const key of Object.keys(DEFAULT_CONFIG.ports) as Array<keyof LabConfig['ports']>) {
    // Each port is closed again before the next is asked for, so the kernel may hand the same one
    // out twice (seen in CI: "ports.postgres is 39561, the same as ports.prometheus").
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[key] = port;
  }
  return ports;
}

export interface ProjectObjects {
  containers: Array<{ id: string; service: string; state: string }>;
  networks: string[];
  volumes: string[];
}

export async function projectObjects(docker: Docker, project: string): Promise<ProjectObjects> {
  const label = [`${LABEL.project}=${project}`];
  const containers = await docker.listContainers({ all: true, filters: { label } });
  const networks = await docker.listNetworks({ filters: { label } });
  const volumes = (await docker.listVolumes({ filters: { label } })).Volumes ?? [];
  return {
    containers: containers.map((c) => ({ id: c.Id, service: c.Labels[LABEL.service], state: c.State })),
    networks: networks.map((n) => n.Name),
    volumes: volumes.map((v) => v.Name),
  };
}

/** Owner and mode of a file inside a container, read through the archive API (no shell needed in the image). */
export async function fileStatIn(docker: Docker, containerId: string, file: string): Promise<{ uid: number; gid: number; mode: number }> {
  const archive = (await docker.getContainer(containerId).getArchive({ path: file })) as unknown as NodeJS.ReadableStream;
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let found: { uid: number; gid: number; mode: number } | undefined;
    extract.on('entry', (header, stream, next) => {
      found ??= { uid: header.uid ?? -1, gid: header.gid ?? -1, mode: (header.mode ?? 0) & 0o7777 };
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', () => (found ? resolve(found) : reject(new Error(`${file}: empty archive`))));
    extract.on('error', reject);
    archive.pipe(extract);
  });
}

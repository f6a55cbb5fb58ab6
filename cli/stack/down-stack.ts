// `o11y down`: removes the project's containers and network (by our label only); with
// `volumes`, its data volumes too, and the data kept in the state folder (Alertmanager's, when
// not run as root: see file-access.ts).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDockerReachable } from '../docker/client.js';
import { listContainers, removeContainer } from '../docker/containers.js';
import { removeNetworks } from '../docker/networks.js';
import { removeVolumes } from '../docker/volumes.js';
import { LABEL } from './labels.js';

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  /** The state folder's data/ removed with `volumes`. */
  dataDir?: string;
}

export async function downStack(project: string, opts: { volumes: boolean; stateDir?: string }): Promise<DownResult> {
  await ensureDockerReachable();
  const filter = [`${LABEL.project}=${project}`];
  const containers = await listContainers(filter);
  await Promise.all(containers.map((c) => removeContainer(c.Id)));
  const networks = await removeNetworks(filter);
  const volumes = opts.volumes ? await removeVolumes(filter) : [];
  const dataDir = opts.volumes && opts.stateDir ? path.join(opts.stateDir, 'data') : undefined;
  const removedData = dataDir !== undefined && existsSync(dataDir);
  if (removedData) rmSync(dataDir, { recursive: true, force: true });
  return { containers: containers.map((c) => c.Labels[LABEL.service] ?? c.Names[0]), networks, volumes, ...(removedData ? { dataDir } : {}) };
}

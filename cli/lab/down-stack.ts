// `o11y down`: removes the project's containers and network (by our label only); with
// `volumes`, its data volumes too, and the data kept in the state folder's data/ (Alertmanager's,
// when not run as root: see file-access.ts).
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDockerReachable } from '../docker/client.js';
import { listContainers, removeContainer } from '../docker/containers.js';
import { removeNetworks } from '../docker/networks.js';
import { removeVolumes } from '../docker/volumes.js';
import { SERVICES } from '../services/index.js';
import { LABEL } from '../stack/labels.js';
import { STATE_DATA_DIR } from '../stack/model.js';

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
  /** Data folders in the state folder removed with `volumes`. */
  dataDirs: string[];
}

export async function downStack(project: string, opts: { volumes: boolean; stateDir?: string }): Promise<DownResult> {
  await ensureDockerReachable();
  const filter = [`${LABEL.project}=${project}`];
  const containers = await listContainers(filter);
  await Promise.all(containers.map((c) => removeContainer(c.Id)));
  const networks = await removeNetworks(filter);
  const volumes = opts.volumes ? await removeVolumes(filter) : [];
  const dataDirs = opts.volumes && opts.stateDir ? removeStateData(opts.stateDir) : [];
  return { containers: containers.map((c) => c.Labels[LABEL.service] ?? c.Names[0]), networks, volumes, dataDirs };
}

function removeStateData(stateDir: string): string[] {
  const removed = SERVICES.flatMap((s) => s.stateData ?? [])
    .map((d) => path.join(stateDir, d))
    .filter((d) => existsSync(d));
  for (const d of removed) rmSync(d, { recursive: true, force: true });
  // data/ itself when nothing else is in it.
  const parent = path.join(stateDir, STATE_DATA_DIR);
  if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  return removed;
}

// What the engine holds of a lab, read and changed in nothing: our containers, volumes and
// network, the images the services want, and which of their host ports something holds.
import { listContainers } from '../docker/containers.js';
import { networkExists } from '../docker/networks.js';
import { imageId } from '../docker/pull-image.js';
import { listVolumesWithLabels } from '../docker/volumes.js';
import { LABEL } from '../stack/labels.js';
import { portFree } from './check-ports.js';
import { readLoadedFiles } from './loaded-files.js';
import type { DesiredLab } from './desired-lab.js';
import type { ObservedLab } from './up-plan.js';

export async function observeLab(desired: DesiredLab): Promise<ObservedLab> {
  const { stack } = desired;
  const project = [`${LABEL.project}=${stack.project}`];
  const [containers, volumes, network] = await Promise.all([listContainers(project), listVolumesWithLabels(project), networkExists(stack.network)]);
  const loaded = readLoadedFiles(desired.stateDir);
  return {
    containers: containers.map((c) => ({
      id: c.Id,
      ...(c.Labels[LABEL.service] ? { service: c.Labels[LABEL.service] } : {}),
      state: c.State,
      status: c.Status ?? '',
      ...(c.Labels[LABEL.configHash] ? { configHash: c.Labels[LABEL.configHash] } : {}),
      imageId: c.ImageID,
      ports: [...new Set((c.Ports ?? []).flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])))],
      ...(c.Labels[LABEL.secretsId] ? { secretsId: c.Labels[LABEL.secretsId] } : {}),
      ...(c.Labels[LABEL.stateDir] ? { stateDir: c.Labels[LABEL.stateDir] } : {}),
      ...(loaded[c.Id] ? { loadedFilesHash: loaded[c.Id] } : {}),
    })),
    volumes: volumes.map((v) => ({
      name: v.name,
      ...(v.labels[LABEL.secretsId] ? { secretsId: v.labels[LABEL.secretsId] } : {}),
      ...(v.labels[LABEL.stateDir] ? { stateDir: v.labels[LABEL.stateDir] } : {}),
    })),
    network,
    images: await imageIds(desired),
    heldPorts: await heldPorts(desired),
  };
}

/** Ids of the images the services want, by service (null when absent). */
export async function imageIds(desired: DesiredLab, known?: Map<string, string>): Promise<ObservedLab['images']> {
  const refs = [...new Set(desired.services.map((p) => p.service.image))];
  const ids = new Map(await Promise.all(refs.map(async (ref) => [ref, known?.get(ref) ?? (await imageId(ref))] as const)));
  return Object.fromEntries(desired.services.map((p) => [p.service.name, ids.get(p.service.image) ?? null]));
}

async function heldPorts(desired: DesiredLab): Promise<number[]> {
  const held: number[] = [];
  for (const p of desired.services) {
    for (const port of p.service.ports) {
      // A port that cannot be tried at all (an address not of this machine) is not held: `up`
      // says why when it checks the ports it needs, and only those.
      const free = await portFree(port.hostIp, port.host).catch(() => true);
      if (!free) held.push(port.host);
    }
  }
  return held;
}

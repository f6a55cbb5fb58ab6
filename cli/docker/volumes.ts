// The project's named data volumes, labelled so `down --volumes` removes only ours.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';
import { UserError } from '../errors.js';

export async function ensureVolume(name: string, labels: Record<string, string>, docker: Docker = dockerClient()): Promise<void> {
  try {
    await docker.getVolume(name).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    await docker.createVolume({ Name: name, Labels: labels });
  }
}

export async function listVolumes(labelFilters: string[], docker: Docker = dockerClient()): Promise<string[]> {
  return (await listVolumesWithLabels(labelFilters, docker)).map((v) => v.name);
}

export async function listVolumesWithLabels(
  labelFilters: string[],
  docker: Docker = dockerClient(),
): Promise<Array<{ name: string; labels: Record<string, string> }>> {
  const res = await docker.listVolumes({ filters: { label: labelFilters } });
  return (res.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
}

export async function removeVolumes(labelFilters: string[], docker: Docker = dockerClient()): Promise<string[]> {
  const names = await listVolumes(labelFilters, docker);
  for (const name of names) {
    try {
      await docker.getVolume(name).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
      throw new UserError(`Volume ${name} is still in use by a container o11y did not start (the rendered compose project?).`, {
        hint: 'Stop that first (`docker compose down` in the rendered folder), then run this again.',
      });
    }
  }
  return names;
}

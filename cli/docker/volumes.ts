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
        code: 'O11Y_VOLUME_IN_USE',
        hint: 'Stop that first (`docker compose down` in the rendered folder), then run this again.',
      });
    }
  }
  return names;
}

/**
 * The content of `file` inside volume `name` (undefined when the volume or the file does not
 * exist), read without running anything: a container of `image` is created with the volume
 * mounted read-only, never started, its file copied out through the archive API, and removed.
 * So it works on any image (no cat, no shell needed) and changes nothing in the volume.
 */
export async function readVolumeFile(
  name: string,
  file: string,
  image: string,
  labels: Record<string, string>,
  docker: Docker = dockerClient(),
): Promise<string | undefined> {
  try {
    await docker.getVolume(name).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
  const mount = '/o11y-volume-probe';
  const probe = await docker.createContainer({
    Image: image,
    Labels: labels,
    Entrypoint: ['/o11y-never-started'],
    HostConfig: { Binds: [`${name}:${mount}:ro`] },
  });
  try {
    const tar = await probe.getArchive({ path: `${mount}/${file}` });
    return firstTarEntry(await streamToBuffer(tar as unknown as NodeJS.ReadableStream));
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  } finally {
    await probe.remove({ force: true, v: false });
  }
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The content of the first regular file in a tar archive (ustar: 512-byte header, size in octal at 124). */
export function firstTarEntry(tar: Buffer): string | undefined {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return undefined;
    const size = Number.parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    if (type === '0' || type === '\0') return tar.subarray(at + 512, at + 512 + size).toString('utf8');
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

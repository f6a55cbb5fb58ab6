// Image presence and pulls with progress, bounded in time: a dead registry must not hang `up`.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';

/** The image's id, or undefined when the engine does not have it. */
export async function imageId(ref: string, docker: Docker = dockerClient()): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

export interface PullProgress {
  /** Bytes downloaded so far and total, summed over the layers the engine reported. */
  current: number;
  total: number;
  status: string;
}

/** Pulls `ref`; fails when the engine reports an error or nothing arrives for `idleMs`. */
export async function pullImage(
  ref: string,
  opts: { onProgress?: (p: PullProgress) => void; idleMs?: number } = {},
  docker: Docker = dockerClient(),
): Promise<void> {
  const idleMs = opts.idleMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  let failIdle: (err: Error) => void = () => {};
  const idle = new Promise<never>((_, reject) => (failIdle = reject));
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stream?.destroy?.();
      failIdle(new Error(`no answer from the registry for ${idleMs / 1000}s`));
    }, idleMs);
  };
  rearm();
  const layers = new Map<string, { current: number; total: number }>();
  const work = (async () => {
    stream = (await docker.pull(ref)) as NodeJS.ReadableStream & { destroy?: () => void };
    rearm();
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream!,
        (err: Error | null) => (err ? reject(err) : resolve()),
        (event: { status?: string; id?: string; error?: string; progressDetail?: { current?: number; total?: number } }) => {
          rearm();
          // followProgress does not turn {"error": ...} lines into a failure; we must.
          if (event.error) return reject(new Error(event.error));
          if (event.id && event.progressDetail?.total) {
            layers.set(event.id, { current: event.progressDetail.current ?? 0, total: event.progressDetail.total });
          }
          let current = 0;
          let total = 0;
          for (const l of layers.values()) {
            current += l.current;
            total += l.total;
          }
          opts.onProgress?.({ current, total, status: event.status ?? '' });
        },
      );
    });
  })();
  work.catch(() => {}); // a late failure after the idle timeout already reported
  try {
    await Promise.race([work, idle]);
  } finally {
    clearTimeout(timer);
  }
}

// Image operations over dockerode (inspect, list, import, build, registry checks): the only
// image code that talks to the engine. Callers get plain results and Errors with messages.
import type { Readable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import type Docker from 'dockerode';
import { dockerClient } from './client.js';

export interface ImageSummary {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  created: Date;
  sizeBytes: number;
}

/** The image `ref` (name:tag or id), or undefined when the engine does not have it. */
export async function inspectImage(ref: string, docker: Docker = dockerClient()): Promise<ImageSummary | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return {
      id: info.Id,
      tags: info.RepoTags ?? [],
      labels: info.Config?.Labels ?? {},
      created: new Date(info.Created),
      sizeBytes: info.Size,
    };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** The environment an image sets (Config.Env), or undefined when the engine does not have it. */
export async function imageEnv(ref: string, docker: Docker = dockerClient()): Promise<string[] | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Config?.Env ?? [];
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/** Images carrying every `key=value` label given. */
export async function listImagesByLabel(labels: string[], docker: Docker = dockerClient()): Promise<ImageSummary[]> {
  const images = await docker.listImages({ filters: { label: labels } });
  return images.map((i) => ({
    id: i.Id,
    tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    labels: i.Labels ?? {},
    created: new Date(i.Created * 1000),
    sizeBytes: i.Size,
  }));
}

/** `docker import`: a root filesystem tarball becomes image `ref`; `changes` are Dockerfile lines (CMD, ENV, LABEL...). */
export async function importImage(tar: Readable, ref: string, changes: string[] = [], docker: Docker = dockerClient()): Promise<string> {
  const [repo, tag] = splitRef(ref);
  const stream = (await docker.importImage(tar, { repo, tag, changes } as never)) as unknown as NodeJS.ReadableStream;
  await followJsonStream(docker, stream, () => undefined);
  const image = await inspectImage(ref, docker);
  if (!image) throw new Error(`import finished but ${ref} is not in the engine`);
  return image.id;
}

export interface BuildRequest {
  /** Folder holding the build context. */
  contextDir: string;
  /** Files of the context, relative to contextDir (Dockerfile among them). */
  files: string[];
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** 'host' lets RUN steps use the host's network (its DNS, proxies, apt mirror). */
  networkMode?: string;
  /** Ignore the engine's layer cache (a build from nothing). */
  noCache?: boolean;
  /** Every line of build output, as `docker build` prints it. */
  onLine: (line: string) => void;
}

/** `docker build` (classic builder); resolves to the image id, rejects with the engine's error. */
export async function buildImage(req: BuildRequest, docker: Docker = dockerClient()): Promise<string> {
  const stream = (await docker.buildImage({ context: req.contextDir, src: req.files }, {
    t: req.tag,
    buildargs: req.buildArgs ?? {},
    labels: req.labels ?? {},
    networkmode: req.networkMode,
    nocache: req.noCache === true,
    rm: true,
    forcerm: true,
  } as never)) as unknown as NodeJS.ReadableStream;
  let pending = '';
  await followJsonStream(docker, stream, (event) => {
    if (typeof event.stream === 'string') {
      pending += event.stream;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) req.onLine(cleanLine(line));
    } else if (typeof event.status === 'string') {
      req.onLine(event.status);
    }
  });
  if (pending) req.onLine(cleanLine(pending));
  const image = await inspectImage(req.tag, docker);
  if (!image) throw new Error(`build finished but ${req.tag} is not in the engine`);
  return image.id;
}

export async function removeImage(ref: string, docker: Docker = dockerClient()): Promise<void> {
  try {
    await docker.getImage(ref).remove({ force: false });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

/**
 * Asks the image's registry whether `ref` exists, without pulling it. Bounded by
 * `timeoutMs`, because a firewalled registry makes the engine hang rather than refuse.
 */
export async function registryHasImage(ref: string, timeoutMs: number, docker: Docker = dockerClient()): Promise<{ ok: boolean; reason?: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // Image.distribution() takes no abort signal; the modem's dial does.
    await new Promise((resolve, reject) =>
      docker.modem.dial(
        {
          path: `/distribution/${ref}/json`,
          method: 'GET',
          abortSignal: controller.signal,
          statusCodes: { 200: true, 401: 'no such image or no access', 403: 'access denied', 404: 'no such image', 500: 'server error' },
        } as never,
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data)),
      ),
    );
    return { ok: true };
  } catch (err) {
    if (controller.signal.aborted) return { ok: false, reason: `no answer from the registry within ${Math.round(timeoutMs / 1000)} s` };
    return { ok: false, reason: firstLine((err as { json?: { message?: string } }).json?.message ?? (err as Error).message) };
  } finally {
    clearTimeout(timer);
  }
}

// dockerode's followProgress ignores {"error": ...} lines (FACTS.md): check every event.
function followJsonStream(docker: Docker, stream: NodeJS.ReadableStream, onEvent: (e: ProgressEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => ((err ?? failure) ? reject(err ?? failure) : resolve()),
      (event: ProgressEvent) => {
        if (event.error || event.errorDetail) failure ??= new Error(shortError(event.errorDetail?.message ?? event.error ?? 'unknown error'));
        onEvent(event);
      },
    );
  });
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

// Build output carries colour codes (stderr in red) and \r-redrawn progress: keep what a reader sees last.
function cleanLine(line: string): string {
  return stripVTControlCharacters(line.split('\r').filter(Boolean).pop() ?? '');
}

function splitRef(ref: string): [string, string] {
  const at = ref.lastIndexOf(':');
  return at > ref.lastIndexOf('/') ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, 'latest'];
}

// The classic builder repeats the whole RUN line in its error; the log already has it.
function shortError(message: string): string {
  const run = /^The command '[\s\S]*' returned a non-zero code: (\d+)\s*$/.exec(message);
  return run ? `a RUN step exited with code ${run[1]}` : firstLine(message);
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

export interface EngineInfo {
  version: string;
  /** Where the engine keeps images and volumes (for the free-disk check). */
  rootDir?: string;
}

/** The engine's version and storage folder: what doctor reports next to the image checks. */
export async function engineInfo(docker: Docker = dockerClient()): Promise<EngineInfo> {
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<{ DockerRootDir?: string }>]);
  return { version: version.Version, rootDir: info.DockerRootDir };
}

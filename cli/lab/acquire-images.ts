// Where `up`'s images come from: the source (registry images or local builds: the flag, else what
// o11y.yaml remembers), local builds made when missing, and the fall back from a registry that
// does not answer to local builds, remembered for the next run. Questions go to the caller.
import { rememberLocalImages } from '../config/remember-local-images.js';
import { buildImages, type ImageProgress, planImages } from '../images/local-images.js';
import type { ServiceName } from '../services/index.js';
import { ImagePullError } from './ensure-images.js';
import { writeLeftOut } from './left-out.js';
import type { LoadedConfig } from './load-config.js';
import { type PreparedStack, prepareStack } from './prepare-stack.js';
import { type ResolvedImages, resolveImages } from './resolve-images.js';

export type ImageSource = 'config' | 'local';
export type LeftOut = ResolvedImages['leftOut'];

export type ImageEvent =
  /** The choice was written to o11y.yaml: asked by the flag, or after the fall back. */
  | { kind: 'remembered'; local: boolean; configPath: string; by: 'flag' | 'fallback' }
  | { kind: 'building'; services: ServiceName[] }
  | { kind: 'build'; progress: ImageProgress };

export interface ImageCallbacks {
  /** No registry answered: may the lab run on images built here (remembered)? */
  buildLocally(err: ImagePullError, leftOut: LeftOut): Promise<boolean>;
  event(e: ImageEvent): void;
}

/** The flag first, else what o11y.yaml remembers; `remember` when the flag differs from it. */
export function chooseImageSource(flag: ImageSource | undefined, loaded: LoadedConfig): { source: ImageSource; remember: boolean } {
  const remembered = loaded.config.localImages ? 'local' : 'config';
  if (!flag || flag === remembered) return { source: remembered, remember: false };
  return { source: flag, remember: true };
}

/** Chooses the source (a flag that differs from o11y.yaml is remembered in its place) and prepares the stack on it. */
export async function prepareWithImages(
  loaded: LoadedConfig,
  flag: ImageSource | undefined,
  cb: ImageCallbacks,
): Promise<{ prepared: PreparedStack; source: ImageSource }> {
  const { source, remember } = chooseImageSource(flag, loaded);
  if (remember) {
    rememberLocalImages(loaded.configPath, source === 'local');
    loaded.config.localImages = source === 'local';
    cb.event({ kind: 'remembered', local: source === 'local', configPath: loaded.configPath, by: 'flag' });
  }
  return { prepared: await prepareStack(loaded, { images: source }), source };
}

/** Builds the local images the stack needs that are not here yet (a remembered choice on a fresh engine, or a new version). */
export async function buildMissingLocal(prepared: PreparedStack, stateDir: string, cb: ImageCallbacks): Promise<void> {
  const missing = await missingLocalBuilds(prepared);
  if (missing.length === 0) return;
  cb.event({ kind: 'building', services: missing });
  await buildImages({ services: missing, stateDir, onProgress: (progress) => cb.event({ kind: 'build', progress }) });
}

export async function missingLocalBuilds(prepared: PreparedStack): Promise<ServiceName[]> {
  const plan = await planImages();
  const local = Object.entries(prepared.images.source).filter(([, source]) => source === 'local');
  return local.map(([service]) => service as ServiceName).filter((service) => !plan.services[service]?.present);
}

/**
 * Runs `run` on the prepared stack; when no registry answers a pull of the registry images and
 * the caller agrees, runs it again on local builds (made now) and remembers that in o11y.yaml.
 */
export async function withLocalFallback<R>(
  loaded: LoadedConfig,
  start: { prepared: PreparedStack; source: ImageSource },
  run: (prepared: PreparedStack) => Promise<R>,
  cb: ImageCallbacks,
): Promise<{ prepared: PreparedStack; result: R }> {
  try {
    return recorded(loaded, start.prepared, await run(start.prepared));
  } catch (err) {
    if (!(err instanceof ImagePullError && err.registryUnreachable && start.source === 'config')) throw err;
    const local = await resolveImages(loaded.config, 'local');
    if (!(await cb.buildLocally(err, local.leftOut))) throw err;
    const prepared = await prepareStack(loaded, { images: 'local' });
    await buildMissingLocal(prepared, loaded.stateDir, cb);
    rememberLocalImages(loaded.configPath, true);
    cb.event({ kind: 'remembered', local: true, configPath: loaded.configPath, by: 'fallback' });
    return recorded(loaded, prepared, await run(prepared));
  }
}

/** What the images left out, kept for `o11y status` once the run went through. */
function recorded<R>(loaded: LoadedConfig, prepared: PreparedStack, result: R): { prepared: PreparedStack; result: R } {
  writeLeftOut(loaded.stateDir, prepared.images.leftOut);
  return { prepared, result };
}

// `o11y images build`: root filesystem -> base -> one image per service, each tagged by
// its content and built only when that tag is missing (or when asked to rebuild).
import { copyFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDockerReachable } from '../docker/client.js';
import { buildImage, inspectImage, listImagesByLabel, removeImage } from '../docker/images.js';
import { SERVICE_NAMES, serviceModule, type ServiceName } from '../services/index.js';
import { UserError } from '../errors.js';
import { BuildLog } from './build-log.js';
import { contentTag } from './content-tag.js';
import {
  BUILDABLE_SERVICES,
  IMAGE_LABEL_PREFIX,
  LOCAL_REPO_PREFIX,
  RECIPE_VERSION,
  isBuildable,
  notBuildableReason,
  recipeFor,
  type BuildableService,
  type Recipe,
} from './recipes.js';
import { buildRoot, planRoot, type RootPlan } from './root-image.js';
import { mkdirForUser } from '../sudo-owner.js';

export type ImageName = 'root' | 'base' | BuildableService;

export interface PlannedImage {
  name: ImageName;
  ref: string;
  present: boolean;
}

export interface ImagesPlan {
  root: RootPlan;
  base: PlannedImage & { recipe: Recipe };
  services: Record<BuildableService, PlannedImage & { recipe: Recipe }>;
}

export type ImageProgress =
  | { kind: 'start'; image: ImageName; ref: string }
  | { kind: 'done'; image: ImageName; ref: string; built: boolean; seconds: number }
  | { kind: 'failed'; image: ImageName; ref: string; seconds: number; message: string; logPath: string; lastLines: string[] }
  | { kind: 'unavailable'; image: ServiceName; reason: string };

export interface BuildOptions {
  /** Services to build; all by default. Grafana/cAdvisor are reported as unavailable, not built. */
  services?: readonly ServiceName[];
  /**
   * Build again even when an image with the same content tag exists (no layer cache either):
   * with no `services`, everything from the root filesystem up; otherwise just those services.
   */
  rebuild?: boolean;
  onProgress?: (event: ImageProgress) => void;
  /** State folder for logs and scratch space. */
  stateDir: string;
}

/** Works out every local image's content tag and whether the engine already has it. No building. */
export async function planImages(): Promise<ImagesPlan> {
  const root = await planRoot();
  const baseRecipe = recipeFor('base');
  const baseRef = `${LOCAL_REPO_PREFIX}/base:${await contentTag(root.key, baseRecipe.files, [RECIPE_VERSION])}`;
  const services = {} as ImagesPlan['services'];
  for (const service of BUILDABLE_SERVICES) {
    const recipe = recipeFor(service);
    const ref = `${LOCAL_REPO_PREFIX}/${service}:${await contentTag(baseRef, recipe.files, [RECIPE_VERSION])}`;
    services[service] = { name: service, ref, present: (await inspectImage(ref)) !== undefined, recipe };
  }
  return {
    root,
    base: { name: 'base', ref: baseRef, present: (await inspectImage(baseRef)) !== undefined, recipe: baseRecipe },
    services,
  };
}

/** Builds what is missing (or everything, with `rebuild`); resolves to the ref per requested service. */
export async function buildImages(options: BuildOptions): Promise<Partial<Record<ServiceName, string>>> {
  const notify = options.onProgress ?? (() => undefined);
  const stateDir = options.stateDir;
  const requested = options.services?.length ? [...new Set(options.services)] : [...SERVICE_NAMES];
  const wanted = BUILDABLE_SERVICES.filter((s) => requested.includes(s));
  const unavailable = () => {
    for (const s of requested) {
      if (!isBuildable(s))
        notify({ kind: 'unavailable', image: s, reason: SERVICE_NAMES.includes(s) ? notBuildableReason(serviceModule(s)) : `${s} is not a service` });
    }
  };
  if (wanted.length === 0) {
    unavailable();
    return {};
  }
  await ensureDockerReachable();

  const plan = await planImages();
  const rebuild = options.rebuild === true;
  // `--rebuild` alone starts from nothing; `--rebuild prometheus` rebuilds just that image.
  const rebuildShared = rebuild && !options.services?.length;
  const step = (image: ImageName, ref: string, needed: boolean, work: (log: BuildLog) => Promise<void>) => runStep(stateDir, notify, image, ref, needed, work);

  await step('root', plan.root.ref, !plan.root.present || (rebuildShared && plan.root.kind === 'debootstrap'), (log) =>
    buildRoot(plan.root, path.join(stateDir, 'tmp'), log.write),
  );
  await step('base', plan.base.ref, !plan.base.present || rebuildShared, (log) =>
    buildFromRecipe(plan.base.recipe, plan.root.ref, plan.base.ref, stateDir, rebuildShared, log),
  );

  const refs: Partial<Record<ServiceName, string>> = {};
  const failed: string[] = [];
  for (const service of wanted) {
    const { recipe, ref, present } = plan.services[service];
    try {
      await step(service, ref, !present || rebuild, (log) => buildFromRecipe(recipe, plan.base.ref, ref, stateDir, rebuild, log));
      refs[service] = ref;
    } catch (err) {
      // One broken service should not keep the others from being built.
      if (!(err instanceof StepFailed)) throw err;
      failed.push(service);
    }
  }
  await pruneSuperseded([...wanted.map((s) => plan.services[s].ref), plan.base.ref, plan.root.ref]);
  unavailable();
  if (failed.length) {
    throw new UserError(`Could not build ${failed.join(', ')}.`, {
      code: 'O11Y_IMAGE_BUILD_FAILED',
      hint: `The logs are in ${path.join(stateDir, 'logs')}; fix the cause and run \`o11y images build\` again (finished images are kept).`,
    });
  }
  return refs;
}

/** One image failed; the others still build, and the run ends with the list of failures. */
class StepFailed extends UserError {
  constructor(message: string) {
    super(message, { code: 'O11Y_IMAGE_BUILD_FAILED' });
  }
}

/**
 * Removes what earlier builds left behind: other content tags of the same images, and our
 * images that lost their tag to a rebuild. Children go before parents, so two passes. An
 * image a container still uses is kept: the engine refuses, and we let it.
 */
async function pruneSuperseded(current: string[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    for (const image of await listImagesByLabel([`${IMAGE_LABEL_PREFIX}.image`])) {
      const superseded = image.tags.filter((t) => t.startsWith(`${LOCAL_REPO_PREFIX}/`) && !current.includes(t) && sameRepoAsCurrent(t, current));
      if (image.tags.length === 0) await removeImage(image.id).catch(() => undefined);
      for (const tag of superseded) await removeImage(tag).catch(() => undefined);
    }
  }
}

// Only images this run built or checked: `images build prometheus` leaves other images' tags alone.
function sameRepoAsCurrent(tag: string, current: string[]): boolean {
  const repo = tag.slice(0, tag.lastIndexOf(':'));
  return current.some((c) => c.startsWith(`${repo}:`));
}

async function runStep(
  stateDir: string,
  notify: (e: ImageProgress) => void,
  image: ImageName,
  ref: string,
  needed: boolean,
  work: (log: BuildLog) => Promise<void>,
): Promise<void> {
  if (!needed) {
    notify({ kind: 'done', image, ref, built: false, seconds: 0 });
    return;
  }
  notify({ kind: 'start', image, ref });
  const started = performance.now();
  const log = new BuildLog(path.join(stateDir, 'logs', `images-${image}.log`));
  const seconds = () => (performance.now() - started) / 1000;
  try {
    await work(log);
  } catch (err) {
    const message = (err as Error).message;
    log.note(`ERROR: ${message}`);
    await log.close();
    notify({ kind: 'failed', image, ref, seconds: seconds(), message, logPath: log.file, lastLines: log.lastLines() });
    // Without a root or base image nothing else can be built: stop here with the real cause.
    if (image === 'root' || image === 'base') {
      if (err instanceof UserError) throw err;
      throw new UserError(`Could not build the ${image} image: ${message}`, { code: 'O11Y_IMAGE_BUILD_FAILED', hint: `Full log: ${log.file}` });
    }
    throw new StepFailed(message);
  }
  await log.close();
  notify({ kind: 'done', image, ref, built: true, seconds: seconds() });
}

/** Copies the recipe's files into a scratch context and runs the build with the parent as a build arg. */
async function buildFromRecipe(recipe: Recipe, parentRef: string, tag: string, stateDir: string, noCache: boolean, log: BuildLog): Promise<void> {
  const scratchRoot = path.join(stateDir, 'tmp');
  mkdirForUser(scratchRoot);
  const contextDir = mkdtempSync(path.join(scratchRoot, `context-${recipe.name}-`));
  try {
    for (const f of recipe.files) {
      const to = path.join(contextDir, f.name);
      if (f.content !== undefined) writeFileSync(to, f.content);
      else copyFileSync(f.source!, to);
      chmodSync(to, f.mode);
    }
    const [repo] = tag.split(':');
    await buildImage({
      contextDir,
      files: recipe.files.map((f) => f.name),
      tag,
      buildArgs: { [recipe.parentArg]: parentRef, ...proxyArgs() },
      labels: {
        [`${IMAGE_LABEL_PREFIX}.image`]: recipe.name,
        [`${IMAGE_LABEL_PREFIX}.recipe`]: RECIPE_VERSION,
        [`${IMAGE_LABEL_PREFIX}.content-tag`]: tag.slice(repo.length + 1),
        [`${IMAGE_LABEL_PREFIX}.parent`]: parentRef,
      },
      // RUN steps use the host's network: the same DNS, proxies and apt mirror that apt on this host uses.
      networkMode: 'host',
      noCache,
      onLine: log.write,
    });
  } finally {
    rmSync(contextDir, { recursive: true, force: true });
  }
}

// Docker passes these predefined build args to RUN steps without a matching ARG line.
function proxyArgs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) {
    const value = process.env[key];
    if (value) out[key] = value;
  }
  return out;
}

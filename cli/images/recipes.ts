// What goes into each local image's build context: the files under images/<name>/ of
// this package, plus inputs produced on this machine (apt sources, the node binary).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '../services/index.js';
import { isLocallyBuildable, type ServiceModule } from '../services/service.js';
import { packageRoot } from '../stack/package-paths.js';
import { bookwormSources, readHostSources, renderDeb822 } from './apt-sources.js';

/** Services with an OS-package source here (the registry's order). */
export const BUILDABLE_SERVICES: readonly string[] = SERVICES.filter(isLocallyBuildable).map((s) => s.name);
export type BuildableService = string;

/** Why a service has no local build (only a registry or a mirror of one provides it). */
export function notBuildableReason(service: ServiceModule): string {
  return 'unavailable' in service.localBuild ? service.localBuild.unavailable : `${service.name} has no OS-package source`;
}

/** Repository names of local images; the tag is the content hash. */
export const LOCAL_REPO_PREFIX = 'o11y-local';
/** Label namespace of everything this builder creates. */
export const IMAGE_LABEL_PREFIX = 'dev.o11y-lab';
/** Bumped when the way contexts are assembled changes, so old tags stop matching. */
export const RECIPE_VERSION = '1';

/** One file of a build context: copied from `source`, or written from `content`. */
export interface ContextFile {
  name: string;
  source?: string;
  content?: string;
  mode: number;
}

export interface Recipe {
  /** 'base' or a service name. */
  name: string;
  /** Build arg naming the parent image: ROOT for the base, BASE for services. */
  parentArg: 'ROOT' | 'BASE';
  files: ContextFile[];
}

export function isBuildable(service: string): boolean {
  return BUILDABLE_SERVICES.includes(service);
}

/** The images/ folder of this package, whether running from dist/ or from the sources (tsx). */
export function imagesDir(): string {
  return path.join(packageRoot(), 'images');
}

export function recipeFor(name: string, opts: { aptRoot?: string } = {}): Recipe {
  const service = name === 'base' ? undefined : SERVICES.find((s) => s.name === name);
  const build = service && isLocallyBuildable(service) ? service.localBuild : undefined;
  if (name !== 'base' && !build) throw new Error(`${name} has no local build recipe`);
  const dir = path.join(imagesDir(), build?.context ?? 'base');
  const files: ContextFile[] = readdirSync(dir)
    .sort()
    .map((f) => ({ name: f, source: path.join(dir, f), mode: f.endsWith('.sh') || f === 'policy-rc.d' ? 0o755 : 0o644 }));
  if (name === 'base') {
    files.push({ name: 'debian.sources', content: renderDeb822(bookwormSources(readHostSources(opts.aptRoot))), mode: 0o644 });
  }
  files.push(...(build?.extraFiles?.() ?? []));
  return { name, parentArg: name === 'base' ? 'ROOT' : 'BASE', files };
}

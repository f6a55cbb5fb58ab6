// What goes into each local image's build context: the files under images/<name>/ of
// this package, plus inputs produced on this machine (apt sources, the node binary).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '../config/schema.js';
import { bookwormSources, readHostSources, renderDeb822 } from './apt-sources.js';

/** Services with an OS-package source here, in build order. */
export const BUILDABLE_SERVICES = ['postgres', 'prometheus', 'alertmanager', 'postgres-exporter', 'app'] as const satisfies readonly ServiceName[];
export type BuildableService = (typeof BUILDABLE_SERVICES)[number];

/** Services that have no Debian package: only a registry or a mirror of one provides them. */
export const NOT_BUILDABLE: Partial<Record<ServiceName, string>> = {
  grafana: 'Grafana is not packaged by Debian',
  cadvisor: 'cAdvisor is not packaged by Debian',
};

/** Repository names of local images; the tag is the content hash. */
export const LOCAL_REPO_PREFIX = 'o11y-local';
/** Label namespace of everything this builder creates. */
export const LABEL = 'dev.o11y-lab';
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

export function isBuildable(service: string): service is BuildableService {
  return (BUILDABLE_SERVICES as readonly string[]).includes(service);
}

/** The images/ folder of this package, whether running from dist/ or from the sources (tsx). */
export function imagesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'images', 'base', 'Dockerfile'))) return path.join(dir, 'images');
    dir = path.dirname(dir);
  }
  throw new Error('the images/ folder of o11y-lab is missing from this installation (reinstall the package)');
}

export function recipeFor(name: 'base' | BuildableService, opts: { aptRoot?: string; nodeBinary?: string } = {}): Recipe {
  const dir = path.join(imagesDir(), name);
  const files: ContextFile[] = readdirSync(dir)
    .sort()
    .map((f) => ({ name: f, source: path.join(dir, f), mode: f.endsWith('.sh') || f === 'policy-rc.d' ? 0o755 : 0o644 }));
  if (name === 'base') {
    files.push({ name: 'debian.sources', content: renderDeb822(bookwormSources(readHostSources(opts.aptRoot))), mode: 0o644 });
  }
  if (name === 'app') {
    // The host's own Node, so the app runs on exactly the runtime it was built and tested with.
    files.push({ name: 'node', source: opts.nodeBinary ?? process.execPath, mode: 0o755 });
  }
  return { name, parentArg: name === 'base' ? 'ROOT' : 'BASE', files };
}

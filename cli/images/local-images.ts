// The contract the stack uses for `up --images local`: the content-derived tag of each
// service's local build, for the services that can be built from OS packages here.
import type { ServiceModule } from '../services/service.js';
import { planImages, type ImagesPlan } from './build-images.js';
import { isBuildable } from './recipes.js';

let cached: Promise<ImagesPlan> | undefined;

/** The content-derived tag of the local build for `service` (present or not), or undefined when it has no OS-package source. */
export async function localImageRef(service: ServiceModule): Promise<string | undefined> {
  if (!isBuildable(service.name)) return undefined;
  // One plan per process: hashing the node binary and asking the engine is not free.
  cached ??= planImages().catch((err) => {
    cached = undefined;
    throw err;
  });
  return (await cached).services[service.name].ref;
}

export { buildImages, planImages, type ImageProgress, type BuildOptions } from './build-images.js';

// The contract the stack uses for `up --images local`: which services can be built from
// OS packages here, and the content-derived tag of each one's local build.
import type { ServiceName } from '../config/schema.js';
import { planImages, type ImagesPlan } from './build-images.js';
import { BUILDABLE_SERVICES, isBuildable } from './recipes.js';

export const LOCALLY_BUILDABLE: readonly ServiceName[] = BUILDABLE_SERVICES;

let cached: Promise<ImagesPlan> | undefined;

/** The content-derived tag of the local build for `service` (present or not), or undefined when it has no OS-package source. */
export async function localImageRef(service: ServiceName): Promise<string | undefined> {
  if (!isBuildable(service)) return undefined;
  // One plan per process: hashing the node binary and asking the engine is not free.
  cached ??= planImages().catch((err) => {
    cached = undefined;
    throw err;
  });
  return (await cached).services[service].ref;
}

export { buildImages, planImages, type ImageProgress, type BuildOptions } from './build-images.js';

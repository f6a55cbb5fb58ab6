// Placeholder until `o11y images build` lands: which services can be built locally, and their tags.
import type { ServiceName } from '../config/schema.js';

export const LOCALLY_BUILDABLE: readonly ServiceName[] = ['app', 'postgres', 'postgres-exporter', 'prometheus', 'alertmanager'];

/** The content-derived tag of the local build for `service` (present or not), or undefined when it has no OS-package source. */
export async function localImageRef(_service: ServiceName): Promise<string | undefined> {
  return undefined;
}

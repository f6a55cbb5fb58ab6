// Which image each service runs: the pinned default, an override (o11y.yaml `images.<service>`
// or O11Y_IMAGE_<SERVICE>, already merged by loadConfig), or with `--images local` a local build.
import type { LabConfig } from '../config/schema.js';
import { localImageRef } from '../images/local-images.js';
import { enabledServices, type ServiceName } from '../services/index.js';
import { imageEnvName } from './load-config.js';

export type ImageSource = 'default' | 'override' | 'local';

export interface ResolvedImages {
  images: Partial<Record<ServiceName, string>>;
  source: Partial<Record<ServiceName, ImageSource>>;
  /** Services left out, and why (a sentence a user can act on). */
  leftOut: Array<{ service: ServiceName; reason: string }>;
}

export async function resolveImages(config: LabConfig, mode: 'config' | 'local'): Promise<ResolvedImages> {
  const out: ResolvedImages = { images: {}, source: {}, leftOut: [] };
  for (const service of enabledServices(config)) {
    const name = service.name;
    const override = config.images[name];
    const local = mode === 'local' ? await localImageRef(service) : undefined;
    if (local) {
      out.images[name] = local;
      out.source[name] = 'local';
    } else if (override) {
      out.images[name] = override;
      out.source[name] = 'override';
    } else if (mode === 'local') {
      out.leftOut.push({
        service: name,
        reason:
          `${name} has no local build (no OS package of it here). To run it, point images.${name} in o11y.yaml ` +
          `(or ${imageEnvName(name)}) at a mirror that has ${service.image.default}, or run without --images local where a registry is reachable.`,
      });
    } else {
      out.images[name] = service.image.default;
      out.source[name] = 'default';
    }
  }
  return out;
}

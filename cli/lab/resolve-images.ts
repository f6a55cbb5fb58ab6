// Which image each service runs: the pinned default, an override (o11y.yaml `images.<service>`
// or O11Y_IMAGE_<SERVICE>, already merged by loadConfig), or with `--images local` a local build.
import { imageEnvName } from './load-config.js';
import type { LabConfig, ServiceName } from '../config/schema.js';
import { localImageRef } from '../images/local-images.js';
import { DEFAULT_IMAGES } from '../services/default-images.js';

export type ImageSource = 'default' | 'override' | 'local';

export interface ResolvedImages {
  images: Partial<Record<ServiceName, string>>;
  source: Partial<Record<ServiceName, ImageSource>>;
  /** Services left out, and why (a sentence a user can act on). */
  leftOut: Array<{ service: ServiceName; reason: string }>;
}

export function enabledServices(config: LabConfig): ServiceName[] {
  const all: ServiceName[] = ['postgres', 'app', 'postgres-exporter', 'alertmanager', 'prometheus', 'grafana', 'cadvisor'];
  return all.filter((s) => (s === 'grafana' ? config.enabled.grafana : s === 'cadvisor' ? config.enabled.cadvisor : true));
}

export async function resolveImages(config: LabConfig, mode: 'config' | 'local'): Promise<ResolvedImages> {
  const out: ResolvedImages = { images: {}, source: {}, leftOut: [] };
  for (const service of enabledServices(config)) {
    const override = config.images[service];
    const local = mode === 'local' ? await localImageRef(service) : undefined;
    if (local) {
      out.images[service] = local;
      out.source[service] = 'local';
    } else if (override) {
      out.images[service] = override;
      out.source[service] = 'override';
    } else if (mode === 'local') {
      out.leftOut.push({
        service,
        reason:
          `${service} has no local build (no OS package of it here). To run it, point images.${service} in o11y.yaml ` +
          `(or ${imageEnvName(service)}) at a mirror that has ${DEFAULT_IMAGES[service]}, or run without --images local where a registry is reachable.`,
      });
    } else {
      out.images[service] = DEFAULT_IMAGES[service];
      out.source[service] = 'default';
    }
  }
  return out;
}

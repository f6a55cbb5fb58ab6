// `o11y images ls`: per service, the image `up` would use, whether the engine has it, where
// it comes from, and the local build that `--images local` would use instead.
import type { LabConfig } from '../config/schema.js';
import { ensureDockerReachable } from '../docker/client.js';
import { inspectImage } from '../docker/images.js';
import { isEnabled, SERVICES, type ServiceName } from '../services/index.js';
import { planImages } from './build-images.js';
import { isBuildable } from './recipes.js';

export interface ImageRow {
  service: ServiceName;
  /** False for optional services switched off in the config (cadvisor by default). */
  enabled: boolean;
  image: string;
  present: boolean;
  source: 'default' | 'override' | 'local build';
  /** The content-tagged local build of this service, when it has one. */
  localRef?: string;
  localPresent?: boolean;
}

export async function listImages(config: LabConfig): Promise<ImageRow[]> {
  await ensureDockerReachable();
  const plan = await planImages();
  const rows: ImageRow[] = [];
  for (const s of SERVICES) {
    const service = s.name;
    const override = config.images[service];
    const local = isBuildable(service) ? plan.services[service] : undefined;
    const image = override || s.image.default;
    rows.push({
      service,
      enabled: isEnabled(config, s),
      image,
      present: (await inspectImage(image)) !== undefined,
      source: local && image === local.ref ? 'local build' : override ? 'override' : 'default',
      localRef: local?.ref,
      localPresent: local?.present,
    });
  }
  return rows;
}

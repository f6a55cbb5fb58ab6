// Which image each service runs: the pinned default, an override (o11y.yaml `images.<service>`
// or O11Y_IMAGE_<SERVICE>, already merged by loadConfig), or with `--images local` a local build.
import type { LabConfig } from '../config/schema.js';
import { inspectImage } from '../docker/images.js';
import { localImageRef } from '../images/local-images.js';
import { enabledServices, type ServiceName } from '../services/index.js';
import { imageEnvName } from './load-config.js';

export type ImageSource = 'default' | 'override' | 'local';

export interface ResolvedImages {
  images: Partial<Record<ServiceName, string>>;
  source: Partial<Record<ServiceName, ImageSource>>;
  /** Services left out: `reason` is the whole sentence (why, then fix); `why` and `fix` apart for tables. */
  leftOut: Array<{ service: ServiceName; reason: string; why: string; fix: string }>;
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
    } else if (mode === 'local' && !(await inspectImage(service.image.default))) {
      const why = `${name} has no local build (no OS package of it here) and its image ${service.image.default} is not here`;
      const fix =
        `To run it: \`docker load -i <file>\` of ${service.image.default} saved where a registry answers (\`docker save ${service.image.default} -o ${name}.tar\`), ` +
        `or point images.${name} in o11y.yaml (or ${imageEnvName(name)}) at a mirror that has it; then \`o11y up\`.`;
      out.leftOut.push({ service: name, why, fix, reason: `${why}. ${fix}` });
    } else {
      // Pinned default; with local images, one the user loaded themselves (`docker load`).
      out.images[name] = service.image.default;
      out.source[name] = 'default';
    }
  }
  return out;
}

// Doctor's image checks: for each service `up` would run, is its image present, pullable, or
// buildable here from Debian packages? The registry question is bounded in time.
import type { LabConfig } from '../config/schema.js';
import { inspectImage, registryHasImage } from '../docker/images.js';
import { planImages } from '../images/build-images.js';
import { isBuildable } from '../images/recipes.js';
import { enabledServices } from '../services/index.js';
import type { ServiceModule } from '../services/service.js';
import { type CheckResult, fail, ok, warn } from './check.js';
import { findExecutable } from './find-executable.js';

export interface ImageCheckOptions {
  /** Do not ask any registry (air-gapped machines, tests). */
  offline: boolean;
  pullTimeoutMs: number;
}

export async function checkImages(config: LabConfig, opts: ImageCheckOptions): Promise<CheckResult[]> {
  const plan = await planImages();
  const canBuild = plan.root.present || plan.root.kind === 'existing' || (findExecutable('debootstrap') !== undefined && process.getuid?.() === 0);
  return Promise.all(
    enabledServices(config).map(async (service) => {
      const image = config.images[service.name] || service.image.default;
      const local = isBuildable(service.name) ? plan.services[service.name] : undefined;
      return checkOne(service, image, local, canBuild, opts);
    }),
  );
}

async function checkOne(
  service: ServiceModule,
  image: string,
  local: { ref: string; present: boolean } | undefined,
  canBuild: boolean,
  opts: ImageCheckOptions,
): Promise<CheckResult> {
  const id = `image:${service.name}`;
  const title = `Image for ${service.name}`;
  if (await inspectImage(image)) return ok(id, title, `${image} is present`);
  if (local?.present) return ok(id, title, `${image} not here, but the local build ${local.ref} is: run \`o11y up --images local\``);
  const pull = opts.offline ? { ok: false, reason: 'registry not asked (--offline)' } : await registryHasImage(image, opts.pullTimeoutMs);
  if (pull.ok) return ok(id, title, `${image} can be pulled (\`o11y up\` pulls it)`);
  const why = `${image} is not here and cannot be pulled: ${pull.reason}`;
  if (local && canBuild) return warn(id, title, why, 'Build it from Debian packages: `o11y images build`, then `o11y up --images local`.');
  if (local)
    return fail(id, title, why, 'Install debootstrap and run `sudo o11y images build` (or load a debian:bookworm image), then `o11y up --images local`.');
  // Grafana and cAdvisor: no OS package; the lab runs without them.
  return warn(
    id,
    title,
    why,
    `Point images.${service.name} in o11y.yaml at a mirror that has ${service.image.default}, or pull it where a registry answers; \`o11y up\` runs the rest without it.`,
  );
}

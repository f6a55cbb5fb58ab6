// Doctor's image checks: for each service `up` would run, is its image present, pullable, or
// buildable here from Debian packages? The registry question is bounded in time.
import { o11yCommand } from '../invocation.js';
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

const ASK_USE = `\`${o11yCommand('up')}\` asks to use the local builds (\`--yes\` does not ask) and remembers it.`;
const ASK_BUILD = `\`${o11yCommand('up')}\` will ask to build it here from Debian packages (a few minutes; \`--yes\` does not ask) and remembers the choice.`;

/** True when the next plain `o11y up` will stop at the registry question (for doctor's summary). */
export function upWillAsk(results: CheckResult[]): boolean {
  return results.some((r) => r.status === 'warn' && (r.fix === ASK_USE || r.fix === ASK_BUILD));
}

export async function checkImages(config: LabConfig, opts: ImageCheckOptions): Promise<CheckResult[]> {
  const plan = await planImages();
  const canBuild = plan.root.present || plan.root.kind === 'existing' || (findExecutable('debootstrap') !== undefined && process.getuid?.() === 0);
  return Promise.all(
    enabledServices(config).map(async (service) => {
      const image = config.images[service.name] || service.image.default;
      const local = isBuildable(service.name) ? plan.services[service.name] : undefined;
      return checkOne(service, image, local, { canBuild, localImages: config.localImages, ...opts });
    }),
  );
}

interface CheckContext extends ImageCheckOptions {
  canBuild: boolean;
  /** o11y.yaml remembers local images: `up` uses (and builds) the local builds. */
  localImages: boolean;
}

// What each result says is what the next `o11y up` will do, so that doctor's verdict and up agree.
async function checkOne(service: ServiceModule, image: string, local: { ref: string; present: boolean } | undefined, ctx: CheckContext): Promise<CheckResult> {
  const id = `image:${service.name}`;
  const title = `Image for ${service.name}`;
  const buildFix = `Install debootstrap and run \`sudo ${o11yCommand('images build')}\` (or \`docker load\` a debian:bookworm image), then \`${o11yCommand('up')}\`.`;
  if (ctx.localImages && local) {
    if (local.present) return ok(id, title, `local build ${local.ref} (o11y.yaml: localImages: true)`);
    if (ctx.canBuild) return ok(id, title, `local build ${local.ref} not built yet: \`o11y up\` builds it (localImages: true in o11y.yaml)`);
    return fail(id, title, `local build ${local.ref} is not here and cannot be built by this user`, buildFix);
  }
  if (await inspectImage(image)) return ok(id, title, `${image} is present`);
  const pull = ctx.offline ? { ok: false, reason: 'registry not asked (--offline)' } : await registryHasImage(image, ctx.pullTimeoutMs);
  if (pull.ok) return ok(id, title, `${image} can be pulled (\`o11y up\` pulls it)`);
  const why = `${image} is not here and cannot be pulled: ${pull.reason}`;
  if (local?.present) return warn(id, title, `${why}; the local build ${local.ref} is here`, ASK_USE);
  if (local && ctx.canBuild) return warn(id, title, why, ASK_BUILD);
  if (local) return fail(id, title, why, buildFix);
  // Grafana and cAdvisor: no OS package; with local images the lab runs without them.
  return warn(
    id,
    title,
    why,
    `With local images the lab runs without ${service.name}. To have it: \`docker load -i <file>\` of ${service.image.default} saved where a registry answers, ` +
      `or point images.${service.name} in o11y.yaml at a mirror that has it.`,
  );
}

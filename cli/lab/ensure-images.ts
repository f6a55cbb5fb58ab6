// Gets the images the plan says to pull (with progress), and stops on one it cannot get, with
// errors that name the image and the two ways out (an override, or local builds).
import { imageEnvName } from './load-config.js';
import type { ServiceName } from '../services/index.js';
import { UserError } from '../errors.js';
import { imageId, pullImage, type PullProgress } from '../docker/pull-image.js';
import { planImages } from './plan-images.js';
import type { PullPolicy, UpPlan } from './up-plan.js';

export type { PullPolicy } from './up-plan.js';

export interface PullReporter {
  pullStart(ref: string): void;
  pullProgress(ref: string, p: PullProgress): void;
  pullDone(ref: string, ms: number): void;
}

/** A pull that failed; `registryUnreachable` when no registry answered at all (not: no such image). */
export class ImagePullError extends UserError {
  constructor(
    message: string,
    hint: string,
    readonly ref: string,
    readonly registryUnreachable: boolean,
    cause: unknown,
  ) {
    super(message, { code: 'O11Y_IMAGE_PULL_FAILED', hint, cause });
  }
}

const UNREACHABLE = /no such host|dial tcp|i\/o timeout|connection refused|network is unreachable|TLS handshake timeout|no answer from the registry/i;

function waysOut(service: ServiceName): string {
  return (
    `Set images.${service} in o11y.yaml (or ${imageEnvName(service)}) to an image you can reach, ` +
    'or build local images with `o11y images build` and run `o11y up --images local`.'
  );
}

/** Resolves to the image id per ref, once every image is present: the plan's image steps, made here. */
export async function ensureImages(
  wanted: Array<{ service: ServiceName; ref: string }>,
  policy: PullPolicy,
  reporter: PullReporter,
): Promise<Map<string, string>> {
  const ids = await presentIds(wanted.map((w) => w.ref));
  return pullPlannedImages(
    planImages(
      wanted.map((w) => ({ ...w, present: ids.has(w.ref) })),
      policy,
    ),
    reporter,
  );
}

/** Carries out the plan's image steps; resolves to the image id per ref. */
export async function pullPlannedImages(steps: UpPlan['images'], reporter: PullReporter): Promise<Map<string, string>> {
  const ids = await presentIds(steps.map((s) => s.ref));
  for (const { ref, services, action } of steps) {
    // Present when planned but gone since (an `image rm` in between): the step is a pull after all.
    if (action === 'present' && ids.has(ref)) continue;
    if (action === 'build') {
      throw new UserError(`The local build ${ref} (${services.join(', ')}) is not here.`, {
        code: 'O11Y_IMAGE_MISSING',
        hint: 'Build it with `o11y images build`, then `o11y up` again.',
      });
    }
    if (action === 'missing') {
      throw new UserError(`Image ${ref} (${services.join(', ')}) is not present and --pull never forbids pulling it.`, {
        code: 'O11Y_IMAGE_MISSING',
        hint: waysOut(services[0]),
      });
    }
    const id = await pull(ref, services, reporter);
    if (id) ids.set(ref, id);
  }
  return ids;
}

async function presentIds(refs: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(refs)];
  const ids = new Map<string, string>();
  for (const [i, id] of (await Promise.all(unique.map((r) => imageId(r)))).entries()) if (id) ids.set(unique[i], id);
  return ids;
}

async function pull(ref: string, services: ServiceName[], reporter: PullReporter): Promise<string | undefined> {
  reporter.pullStart(ref);
  const started = Date.now();
  try {
    await pullImage(ref, { onProgress: (p) => reporter.pullProgress(ref, p) });
  } catch (err) {
    const why = (err as Error).message
      .replace(/^\(HTTP code \d+\)\s*/, '')
      .split('\n')[0]
      .trim();
    const unreachable = UNREACHABLE.test((err as Error).message);
    const what = unreachable ? `no registry answers (${why})` : why;
    throw new ImagePullError(`Cannot pull ${ref} (${services.join(', ')}): ${what}`, waysOut(services[0]), ref, unreachable, err);
  }
  reporter.pullDone(ref, Date.now() - started);
  return imageId(ref);
}

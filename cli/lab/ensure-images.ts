// Makes sure every image the plan needs is present, per the pull policy, with errors that
// name the image and the two ways out (an override, or local builds).
import { imageEnvName } from './load-config.js';
import type { ServiceName } from '../services/index.js';
import { UserError } from '../errors.js';
import { imageId, pullImage, type PullProgress } from '../docker/pull-image.js';
import { LOCAL_REPO_PREFIX } from '../images/recipes.js';

export type PullPolicy = 'never' | 'missing' | 'always';

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

/** Resolves to the image id per ref, once every image is present. */
export async function ensureImages(
  wanted: Array<{ service: ServiceName; ref: string }>,
  policy: PullPolicy,
  reporter: PullReporter,
): Promise<Map<string, string>> {
  const byRef = new Map<string, ServiceName[]>();
  for (const { service, ref } of wanted) byRef.set(ref, [...(byRef.get(ref) ?? []), service]);
  const refs = [...byRef.keys()];
  const ids = new Map<string, string>();
  for (const [i, id] of (await Promise.all(refs.map((r) => imageId(r)))).entries()) if (id) ids.set(refs[i], id);
  for (const [ref, services] of byRef) {
    // A local build is in no registry: never pulled, whatever the policy (asking would send its name out).
    if (ref.startsWith(`${LOCAL_REPO_PREFIX}/`)) {
      if (ids.has(ref)) continue;
      throw new UserError(`The local build ${ref} (${services.join(', ')}) is not here.`, {
        code: 'O11Y_IMAGE_MISSING',
        hint: 'Build it with `o11y images build`, then `o11y up` again.',
      });
    }
    if (ids.has(ref) && policy !== 'always') continue;
    if (policy === 'never') {
      throw new UserError(`Image ${ref} (${services.join(', ')}) is not present and --pull never forbids pulling it.`, {
        code: 'O11Y_IMAGE_MISSING',
        hint: waysOut(services[0]),
      });
    }
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
    const id = await imageId(ref);
    if (id) ids.set(ref, id);
  }
  return ids;
}

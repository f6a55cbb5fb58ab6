// Makes sure every image the plan needs is present, per the pull policy, with errors that
// name the image and the two ways out (an override, or local builds).
import { imageEnvName } from '../config/load-config.js';
import type { ServiceName } from '../config/schema.js';
import { UserError } from '../errors.js';
import { imagePresent, pullImage, type PullProgress } from '../docker/pull-image.js';

export type PullPolicy = 'never' | 'missing' | 'always';

export interface PullReporter {
  pullStart(ref: string): void;
  pullProgress(ref: string, p: PullProgress): void;
  pullDone(ref: string, ms: number): void;
}

function waysOut(service: ServiceName): string {
  return (
    `Set images.${service} in o11y.yaml (or ${imageEnvName(service)}) to an image you can reach, ` +
    'or build local images with `o11y images build` and run `o11y up --images local`.'
  );
}

export async function ensureImages(wanted: Array<{ service: ServiceName; ref: string }>, policy: PullPolicy, reporter: PullReporter): Promise<void> {
  const byRef = new Map<string, ServiceName[]>();
  for (const { service, ref } of wanted) byRef.set(ref, [...(byRef.get(ref) ?? []), service]);
  for (const [ref, services] of byRef) {
    const present = await imagePresent(ref);
    if (present && policy !== 'always') continue;
    if (policy === 'never') {
      throw new UserError(`Image ${ref} (${services.join(', ')}) is not present and --pull never forbids pulling it.`, { hint: waysOut(services[0]) });
    }
    reporter.pullStart(ref);
    const started = Date.now();
    try {
      await pullImage(ref, { onProgress: (p) => reporter.pullProgress(ref, p) });
    } catch (err) {
      const why = (err as Error).message.replace(/^\(HTTP code \d+\)\s*/, '').split('\n')[0];
      throw new UserError(`Cannot pull ${ref} (${services.join(', ')}): ${why}`, { hint: waysOut(services[0]), cause: err });
    }
    reporter.pullDone(ref, Date.now() - started);
  }
}

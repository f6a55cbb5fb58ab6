// `o11y target add` and `rm` on the running lab: Prometheus gets its new scrape jobs through
// `up`'s own plan (a reload in place: no restart, no data lost), and a new target's first scrape,
// from where Prometheus runs, decides whether it is kept.
import { fetchJobExposition, fetchTargets, type ScrapeTarget } from '../clients/prometheus-api.js';
import type { LabConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { readSecrets } from '../config/secrets.js';
import { webLogin, withLogin } from '../stack/exposure.js';
import { labUrl } from '../stack/host-url.js';
import { recognise, type Recognised } from '../targets/families/index.js';
import { metricsFromStored } from '../targets/stored-exposition.js';
import type { LoadedConfig } from './load-config.js';
import { prepareStack } from './prepare-stack.js';
import { runningLab } from './running-lab.js';
import { upStack, type ServiceAction } from './up-stack.js';

/** Fails unless this lab's Prometheus runs: a target is checked by it before it is saved. */
export async function requireRunningPrometheus(config: LabConfig): Promise<{ localImages: boolean }> {
  const running = await runningLab(config.project);
  if (!running?.services.includes('prometheus'))
    throw new UserError(`The lab "${config.project}" is not running: a target is checked by the lab's Prometheus before it is saved.`, {
      code: 'O11Y_LAB_NOT_RUNNING',
      hint: 'Start it with `o11y up`, then add the target.',
    });
  return running;
}

/** Renders Prometheus' files for `config` and applies them to the running lab; resolves to what `up` did. */
export async function applyToPrometheus(loaded: LoadedConfig, config: LabConfig, localImages: boolean): Promise<ServiceAction | undefined> {
  const prepared = await prepareStack({ ...loaded, config }, { images: localImages ? 'local' : 'config' });
  let action: ServiceAction | undefined;
  await upStack(prepared.stack, {
    stateDir: loaded.stateDir,
    secrets: prepared.secrets,
    pull: 'never',
    services: ['prometheus'],
    reporter: {
      action: (service, a) => {
        if (service === 'prometheus') action = a;
      },
      ready: () => {},
      removedOrphan: () => {},
      pullStart: () => {},
      pullProgress: () => {},
      pullDone: () => {},
    },
  });
  return action;
}

/** The lab's Prometheus as this machine reaches it, with the web login an exposed lab asks for (never print it). */
export function labPrometheus(config: LabConfig, stateDir: string): string {
  return withLogin(labUrl(config, 'prometheus'), webLogin(readSecrets(stateDir)));
}

/** Waits for Prometheus' first scrape of `job` at `address` (a new job: any scrape of it is after the reload). */
export async function firstScrape(prometheus: string, job: string, address: string, timeoutMs: number): Promise<ScrapeTarget | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The address too: a job of the same name left by an interrupted add may still be listed.
    const target = (await fetchTargets(prometheus)).find((t) => t.job === job && t.instance === address);
    if (target?.lastScrapeMs !== undefined && target.health !== 'unknown') return target;
    if (Date.now() > deadline) return target;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Which client library the scrape is, from what Prometheus stored of it. */
export async function recogniseTarget(prometheus: string, job: string): Promise<Recognised> {
  const { metadata, series } = await fetchJobExposition(prometheus, job);
  return recognise(metricsFromStored(metadata, series));
}

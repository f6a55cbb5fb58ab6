// `o11y target add`: the lab's Prometheus scrapes the new target once, from inside the lab's
// network, before o11y.yaml says a word about it. Until it is saved, whatever stops the add
// (a failed scrape, a refused reload, an error, Ctrl-C) puts Prometheus back as o11y.yaml renders it.
import { request } from '../clients/lab-http.js';
import { queryValue, type ScrapeTarget } from '../clients/prometheus-api.js';
import { setTarget } from '../config/edit-config.js';
import type { LabConfig } from '../config/schema.js';
import { engineIsRootless } from '../docker/client.js';
import { defaultBridgeGateway } from '../docker/networks.js';
import { UserError } from '../errors.js';
import { LAB_NAMES } from '../services/index.js';
import { parseExposition } from '../targets/exposition.js';
import type { Recognised } from '../targets/families/index.js';
import { explainScrapeFailure, type HostAnswer } from '../targets/scrape-failure.js';
import { checkTargetName, metricsUrl, type ScrapeEndpoint, scrapeEndpoint } from '../targets/target-address.js';
import { parseDuration } from '../units.js';
import { applyToPrometheus, firstScrape, labPrometheus, recogniseTarget, requireRunningPrometheus } from './apply-targets.js';
import type { LoadedConfig } from './load-config.js';
import type { ServiceAction } from './up-stack.js';

export interface AddTargetReporter {
  checking(url: URL, at: ScrapeEndpoint): void;
}

export interface AddedTarget {
  url: URL;
  scraped: ScrapeTarget;
  series?: number;
  /** What `up` did to Prometheus to apply it: a reload, or a recreate when o11y.yaml held other changes for it. */
  action?: ServiceAction;
  recognised: Recognised;
}

export async function addTarget(
  loaded: LoadedConfig,
  name: string,
  raw: string,
  metricsPath: string | undefined,
  reporter: AddTargetReporter,
): Promise<AddedTarget> {
  checkTargetName(name, { lab: LAB_NAMES, targets: Object.keys(loaded.config.targets) });
  const url = metricsUrl(raw, metricsPath);
  const at = scrapeEndpoint(url);
  const { localImages } = await requireRunningPrometheus(loaded.config);
  const candidate: LabConfig = { ...loaded.config, targets: { ...loaded.config.targets, [name]: { url: url.href } } };
  reporter.checking(url, at);
  let saved = false;
  // Ctrl-C: put Prometheus back first (a second Ctrl-C leaves it to the next `up`).
  const interrupted = () => {
    process.once('SIGINT', () => process.exit(130));
    console.error(`\n! interrupted: ${name} was not saved; putting Prometheus back…`);
    applyToPrometheus(loaded, loaded.config, localImages).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    const action = await applyToPrometheus(loaded, candidate, localImages);
    const waitMs = 2 * parseDuration(loaded.config.scrapeInterval) + 10_000;
    const prometheus = labPrometheus(loaded.config, loaded.stateDir);
    const scraped = await firstScrape(prometheus, name, at.address, waitMs);
    if (scraped?.health !== 'up') {
      const lastError = scraped?.lastError ?? `no scrape within ${Math.round(waitMs / 1000)} s`;
      const failure = explainScrapeFailure(lastError, url, at, await hostAnswer(url, at), { rootless: await engineIsRootless() });
      throw new UserError(`${failure.message} Nothing was saved.`, { code: failure.code, hint: failure.hint });
    }
    setTarget(loaded.configPath, name, { url: url.href });
    saved = true;
    process.off('SIGINT', interrupted);
    const series = await queryValue(prometheus, `scrape_samples_scraped{job=${JSON.stringify(name)}}`).catch(() => undefined);
    return { url, scraped, ...(series !== undefined ? { series } : {}), ...(action ? { action } : {}), recognised: await recogniseTarget(prometheus, name) };
  } finally {
    if (!saved) {
      process.off('SIGINT', interrupted);
      await applyToPrometheus(loaded, loaded.config, localImages);
    }
  }
}

/**
 * What this machine gets from the same URL, to say why the scrape failed: for a service here, on
 * its loopback ("127.0.0.1 only" when that answers and the lab could not), else on the address
 * the lab's containers reach it at (the default bridge's gateway, for what a page says it is).
 */
async function hostAnswer(url: URL, at: ScrapeEndpoint): Promise<HostAnswer> {
  const loopback = url.hostname === '[::1]' ? '[::1]' : '127.0.0.1';
  const hosts = at.onThisMachine ? [loopback, await defaultBridgeGateway()] : [url.hostname];
  for (const host of hosts) {
    if (!host) continue;
    const here = new URL(url);
    here.hostname = host;
    try {
      const answer = await request({ service: 'your service', baseUrl: here.origin, path: `${here.pathname}${here.search}`, timeoutMs: 3000 });
      const parsed = parseExposition(answer.text);
      return { reached: true, status: answer.status, ...(parsed.ok ? {} : { notMetrics: parsed.reason }) };
    } catch {
      // not from here: the next address, or not reached at all
    }
  }
  return { reached: false };
}

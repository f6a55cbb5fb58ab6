// Where `o11y load`'s client metrics go: the lab's Prometheus (its published port, by remote write)
// when the target is the lab's app on this machine, nowhere otherwise; one line says which.
import type { LabConfig } from '../config/schema.js';
import { compareSides } from '../load/export/compare-sides.js';
import { MetricsExporter } from '../load/export/metrics-exporter.js';
import type { Summary } from '../load/summary.js';
import { labUrl, localHost } from '../stack/host-url.js';
import { DEFAULT_CONFIG } from '../services/index.js';
import { parseDuration } from '../units.js';
import { loadConfig, type LoadedConfig } from './load-config.js';

export interface LoadMetrics {
  /** Set when the target is the lab: it has pushed the run's first (zero) values, or tried to. */
  exporter?: MetricsExporter;
  /** For the user, before the run: where the series go, or why nowhere. */
  line: string;
  /** Why the series go nowhere without a try (the target is not the lab). */
  nowhere?: string;
  prometheusUrl: string;
  scrapeIntervalS: number;
}

export interface LoadMetricsOptions {
  /** The target's origin, e.g. http://127.0.0.1:8000. */
  origin: string;
  users: boolean;
  /** The lab's config when the command has it already; otherwise ./o11y.yaml is read. */
  lab?: LoadedConfig;
  /** Lines during the run (pushes failing, getting through again). */
  onLine?: (line: string) => void;
}

export async function openLoadMetrics(o: LoadMetricsOptions): Promise<LoadMetrics> {
  const config = o.lab?.config ?? labConfig();
  const prometheusUrl = labUrl(config, 'prometheus');
  const scrapeIntervalS = parseDuration(config.scrapeInterval) / 1000;
  if (!isLabApp(config, o.origin)) {
    const nowhere = `${o.origin} is not the lab's app (${labUrl(config, 'app')} in o11y.yaml)`;
    return { nowhere, line: `Client metrics went nowhere: ${nowhere}. The summary has every figure.`, prometheusUrl, scrapeIntervalS };
  }
  const exporter = new MetricsExporter({ prometheusUrl, users: o.users, onLine: o.onLine });
  return { exporter, line: await exporter.start(), prometheusUrl, scrapeIntervalS };
}

/**
 * After the run, into its summary: why the series went nowhere, or the client's and the server's
 * p50/p99 over the run's window, after its warm-up (or why Prometheus could not give both).
 */
export async function addServerSide(summary: Summary, m: LoadMetrics): Promise<void> {
  if (m.nowhere) summary.clientMetrics = { pushed: 0, failed: 0, nowhere: m.nowhere };
  const window = m.exporter?.window();
  if (!m.exporter || !window) return;
  const ended = summary.warmup?.excluded ? summary.warmup.endedAtS : undefined;
  const from = ended === undefined ? undefined : Date.parse(summary.startedAt) / 1000 + ended;
  const sides = await compareSides({ prometheusUrl: m.prometheusUrl, run: m.exporter.run, window, from, scrapeIntervalS: m.scrapeIntervalS }).catch(
    (err: Error) => ({ unavailable: err.message }),
  );
  if (!('unavailable' in sides)) summary.sides = sides;
  else if (summary.clientMetrics) summary.clientMetrics.noComparison = sides.unavailable;
}

/** ./o11y.yaml, or the defaults when there is none; a file that does not load means no lab to find. */
function labConfig(): LabConfig {
  try {
    return loadConfig().config;
  } catch {
    return DEFAULT_CONFIG;
  }
}

/** The target is the lab's app: its published port on an address of this machine. */
export function isLabApp(config: LabConfig, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const here = ['localhost', '127.0.0.1', '::1', localHost(config.bindAddress)];
  return url.protocol === 'http:' && port === config.ports.app && here.includes(host);
}

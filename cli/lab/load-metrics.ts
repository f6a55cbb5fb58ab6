// Where `o11y load`'s client metrics go: the lab's Prometheus (its published port, by remote write)
// when the target is the lab's app on this machine, nowhere otherwise; one line says which.
import type { LabConfig } from '../config/schema.js';
import { MetricsExporter } from '../load/export/metrics-exporter.js';
import { MetricsOutput } from '../load/outputs/metrics-output.js';
import type { Output } from '../load/outputs/output.js';
import { ServerSideOutput } from '../load/outputs/server-side-output.js';
import { readSecrets } from '../config/secrets.js';
import { webLogin, withLogin } from '../stack/exposure.js';
import { labUrl, localHost } from '../stack/host-url.js';
import { DEFAULT_CONFIG } from '../services/index.js';
import { parseDuration } from '../units.js';
import { loadConfig, type LoadedConfig } from './load-config.js';

export interface LoadMetricsOptions {
  /** The target's origin, e.g. http://127.0.0.1:8000. */
  origin: string;
  users: boolean;
  /** The lab's config when the command has it already; otherwise ./o11y.yaml is read. */
  lab?: LoadedConfig;
  /** Lines for the user: where the series go, pushes failing and getting through again. */
  say?: (line: string) => void;
}

/**
 * The run's metrics outputs: the series pushed to the lab's Prometheus and, after the run, the
 * client/server comparison over its window; or only the line saying why they go nowhere.
 */
export function loadMetricsOutputs(o: LoadMetricsOptions): Output[] {
  const lab = o.lab ?? labConfig();
  const config = lab?.config ?? DEFAULT_CONFIG;
  if (!isLabApp(config, o.origin)) {
    const nowhere = `${o.origin} is not the lab's app (${labUrl(config, 'app')} in o11y.yaml)`;
    return [new MetricsOutput({ nowhere }, { say: o.say })];
  }
  // The web login an exposed lab's Prometheus asks for (remote write included).
  const prometheusUrl = withLogin(labUrl(config, 'prometheus'), lab ? webLogin(readSecrets(lab.stateDir)) : undefined);
  const exporter = new MetricsExporter({ prometheusUrl, users: o.users, onLine: o.say });
  const scrapeIntervalS = parseDuration(config.scrapeInterval) / 1000;
  return [new MetricsOutput({ exporter }, { say: o.say }), new ServerSideOutput({ exporter, prometheusUrl, scrapeIntervalS, say: o.say })];
}

/** ./o11y.yaml (or the defaults when there is none); a file that does not load means no lab to find. */
function labConfig(): LoadedConfig | undefined {
  try {
    return loadConfig();
  } catch {
    return undefined;
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

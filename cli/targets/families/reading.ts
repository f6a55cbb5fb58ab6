// Small readings of a scrape that every family module shares: does a family exist with this type
// and these labels, which process series are there, and the offers that follow from a shape.
import type { HttpShape, Offer, ProcessShape } from '../family.js';
import type { MetricType, Metrics } from '../metric-family.js';

/**
 * The scrape has `name` with that type and labels. A family without samples yet (a labelled
 * metric before the first request: only its HELP and TYPE) has no labels to check: it passes.
 */
export function has(metrics: Metrics, name: string, type?: MetricType | MetricType[], labels: string[] = []): boolean {
  const family = metrics.get(name);
  if (!family) return false;
  if (type && !(Array.isArray(type) ? type : [type]).includes(family.type)) return false;
  return family.series === 0 || labels.every((l) => family.labelNames.has(l));
}

/** The family behind a series name: `x_count` and `x_bucket` are the histogram's or summary's `x`. */
export function familyOfSeries(metrics: Metrics, series: string) {
  return metrics.get(series) ?? metrics.get(series.replace(/_(count|sum|bucket)$/, ''));
}

export function hasLabel(metrics: Metrics, name: string, label: string): boolean {
  return metrics.get(name)?.labelNames.has(label) ?? false;
}

/** The first of `names` the scrape has with that type. */
export function firstOf(metrics: Metrics, names: string[], type?: MetricType | MetricType[]): string | undefined {
  return names.find((n) => has(metrics, n, type));
}

/** The Prometheus client libraries' standard process collector (Go, Python, Node, .NET share these names). */
export function standardProcess(metrics: Metrics, memory = 'process_resident_memory_bytes'): ProcessShape {
  return {
    cpu: has(metrics, 'process_cpu_seconds_total', 'counter') ? { kind: 'seconds-counter', metric: 'process_cpu_seconds_total' } : undefined,
    memory: has(metrics, memory, 'gauge') ? { metric: memory, what: 'resident memory' } : undefined,
  };
}

export interface Settings {
  routes?: string;
  latency?: string;
  cpu?: string;
  memory?: string;
  requests?: string;
  errors?: string;
}

/**
 * What the common panels get from a shape, and for each missing one the family's setting.
 * `notes` add what is worth knowing where there is data (coarse buckets...).
 */
export function offersOf(http: HttpShape | undefined, process: ProcessShape, settings: Settings, notes: Partial<Record<string, string>> = {}): Offer[] {
  const offer = (signal: Offer['signal'], data: boolean, missing: string): Offer =>
    data
      ? { signal, data, ...(notes[signal] ? { note: notes[signal] } : {}) }
      : { signal, data, note: missing, ...(settings[signal] ? { setting: settings[signal] } : {}) };
  return [
    offer('requests', Boolean(http), 'no HTTP request metrics found'),
    offer('errors', Boolean(http?.status), http ? 'the request series has no status label' : 'no HTTP request metrics found'),
    offer(
      'latency',
      http?.latency?.type === 'histogram',
      http?.latency ? 'a summary without buckets: a mean, but no p50/p99 across instances' : 'no request-duration histogram found',
    ),
    offer(
      'routes',
      Boolean(http && http.route.length > 0),
      http ? 'no route label: every request counts under one route "*"' : 'no HTTP request metrics found',
    ),
    offer('cpu', Boolean(process.cpu), 'the process CPU time is not exposed'),
    offer('memory', Boolean(process.memory), 'the process memory is not exposed'),
  ];
}

// A target's exposition as the lab's Prometheus stored it (its metadata and series), in the shape
// recognise() reads: so a target is recognised from where Prometheus scrapes it, whatever this
// machine can reach, with Prometheus' own parsing, TLS and naming.
import { familyOfSample, foldInto, type Grouping } from './exposition-grouping.js';
import type { MetricType, Metrics } from './metric-family.js';

const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
// Labels Prometheus adds to every series of a scrape: not the library's.
const ADDED = new Set(['__name__', 'job', 'instance']);

export function metricsFromStored(
  metadata: ReadonlyArray<{ metric: string; type: string; help: string; unit?: string }>,
  series: ReadonlyArray<Record<string, string>>,
): Metrics {
  const grouping: Grouping = { metrics: new Map(), aliases: new Map(), sawTotal: new Set() };
  for (const m of metadata) {
    const type = TYPES.has(m.type as MetricType) ? (m.type as MetricType) : 'untyped';
    grouping.metrics.set(m.metric, { type, help: m.help || undefined, ...(m.unit ? { unit: m.unit } : {}), labelNames: new Set(), series: 0 });
  }
  for (const labels of series) {
    const name = labels.__name__;
    // Prometheus' own per-scrape series (up, scrape_duration_seconds…) have no metadata: not the service's.
    if (!name || /^(up|scrape_[a-z_]+)$/.test(name)) continue;
    const family = familyOfSample(grouping, name);
    family.series++;
    for (const label of Object.keys(labels)) if (!ADDED.has(label)) family.labelNames.add(label);
  }
  return foldInto(grouping);
}

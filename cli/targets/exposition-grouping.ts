// Which family a sample belongs to: its own TYPE, or the family whose suffix it carries
// (_bucket, _sum, _count, _created, _total...), as `# TYPE` declared it.
import type { MetricFamily, MetricType, Metrics } from './metric-family.js';

export interface Grouping {
  metrics: Metrics;
  /** `x_created` TYPE lines folded into the family `x` (client_python's 0.0.4 output). */
  aliases: Map<string, string>;
  /** OpenMetrics counters (`# TYPE x counter`) that had `x_total` samples. */
  sawTotal: Set<string>;
}

const SUFFIXES: Record<MetricType, string[]> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created', '_gcount', '_gsum'],
  summary: ['_sum', '_count', '_created'],
  gauge: ['_info'],
  untyped: [],
};

export function familyOfSample(g: Grouping, name: string): MetricFamily {
  const own = g.metrics.get(g.aliases.get(name) ?? name);
  if (own) return own;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const family = g.metrics.get(base);
      if (family?.type !== type) continue;
      if (suffix === '_total') g.sawTotal.add(base);
      return family;
    }
  }
  // No TYPE for it: Prometheus stores it untyped under its own name.
  const family: MetricFamily = { type: 'untyped', labelNames: new Set(), series: 0 };
  g.metrics.set(name, family);
  return family;
}

/** The families, counters renamed to what Prometheus stores (`x` -> `x_total`), so both formats give one key. */
export function foldInto(g: Grouping): Metrics {
  const out: Metrics = new Map();
  for (const [name, family] of g.metrics) {
    out.set(family.type === 'counter' && g.sawTotal.has(name) ? `${name}_total` : name, family);
  }
  return out;
}

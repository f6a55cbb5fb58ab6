// The gradebook's own /metrics text, rendered in this process by the same prom-client registry
// and series its plugin builds (server/metrics.ts), after two routes have served.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DURATION_BUCKETS, HIGHR_BUCKETS } from '../../server/metrics.js';
import { RequestSeriesSet } from '../../server/request-series.js';

export async function gradebookExposition(): Promise<string> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const set = new RequestSeriesSet({ durationBuckets: DURATION_BUCKETS, highrBuckets: HIGHR_BUCKETS });
  for (const m of set.metrics()) registry.registerMetric(m as never);
  set.observe(set.series('/students/', 'GET'), 200, 0.004, 0, 120);
  set.observe(set.series('/students/{id}', 'GET'), 500, 0.2, 0, 40);
  return registry.metrics();
}

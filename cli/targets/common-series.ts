// The contract between a target's recording rules and whoever reads them (the Targets dashboard,
// the per-target alert rules, `o11y load --target`): one set of series for every client library,
// named level:metric:operations. Every series carries `job` = the target's name.
export const TARGET_SERIES = {
  /** Requests per second over the window, by `job`, `route`, `status_class` ("2xx"... "5xx"; "" when the status is not a code). */
  requestsByRoute: 'target_route:http_requests:rate1m',
  /** Requests per second, by `job`. */
  requests: 'target:http_requests:rate1m',
  /** Share of 5xx answers (0..1), by `job`, `route`; 0 with traffic and no 5xx, absent without traffic (never NaN). */
  errorRatioByRoute: 'target_route:http_request_errors:ratio_rate1m',
  /** Share of 5xx answers (0..1), by `job`. */
  errorRatio: 'target:http_request_errors:ratio_rate1m',
  /** Latency histogram buckets per second, in seconds, by `job`, `route`, `le` (families with buckets only). */
  latencyBucketsByRoute: 'target_route:http_request_duration_seconds_bucket:rate1m',
  /** The same summed over routes and instances, by `job`, `le`: the target's p99. */
  latencyBuckets: 'target:http_request_duration_seconds_bucket:rate1m',
  /** Seconds spent answering per second, by `job`, `route` (histograms and summaries: mean = sum / count). */
  latencySumByRoute: 'target_route:http_request_duration_seconds_sum:rate1m',
  /** Durations observed per second, by `job`, `route`. */
  latencyCountByRoute: 'target_route:http_request_duration_seconds_count:rate1m',
  /** CPU the process uses, in cores (CPU seconds per second), by `job`. */
  cpu: 'target:process_cpu_seconds:rate1m',
  /** Memory of the process in bytes, by `job` (resident where the family has it; see its offers). */
  memory: 'target:process_memory_bytes:sum',
} as const;

/** Series Prometheus makes for every scrape job, target or not: no rule needed. */
export const SCRAPE_SERIES = { up: 'up', scrapeDuration: 'scrape_duration_seconds', samples: 'scrape_samples_scraped' } as const;

export const TARGET_LABEL = { job: 'job', route: 'route', statusClass: 'status_class' } as const;

/** The route of a family without route labels: all its requests under one route. */
export const NO_ROUTE = '*';

/** The window every rate above is taken over: four scrapes at the lab's 5 s interval, with room for a late one. */
export const RATE_WINDOW = '1m';

/** A PromQL string literal for a label value (a target's name is checked elsewhere, but quoting is done once, here). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The q-quantile latency in seconds of a target (per route with `byRoute`), from the recorded buckets. */
export function latencyQuantile(q: number, job: string, { byRoute = false }: { byRoute?: boolean } = {}): string {
  const series = byRoute ? TARGET_SERIES.latencyBucketsByRoute : TARGET_SERIES.latencyBuckets;
  // Aggregated by le, never selected on it: a bound written "1" by one library is "1.0" in another
  // (histogram_quantile merges equal bounds).
  return `histogram_quantile(${q}, sum by (job, le${byRoute ? ', route' : ''}) (${series}{job=${promString(job)}}))`;
}

// The gradebook's metrics contract: the names its /metrics exports (the original lab's, so its
// PromQL keeps working) and the selectors that mean "user traffic". The server exports them; the
// CLI's alert rules and dashboards query them. Imports nothing.
export const METRIC = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  durationHighr: 'http_request_duration_highr_seconds',
  requestSize: 'http_request_size_bytes',
  responseSize: 'http_response_size_bytes',
  inFlight: 'http_requests_in_flight',
  poolConnections: 'db_pool_connections',
  poolIdle: 'db_pool_idle_connections',
  poolWaiting: 'db_pool_waiting_requests',
} as const;

/** Label matcher for user traffic: every request but Prometheus's own scrape of /metrics. */
export const USER_TRAFFIC = 'handler!="/metrics"';

/** The route `o11y load` drives by default and the latency alert watches, as a label matcher. */
export const STUDENTS_LIST = 'handler="/students/",method="GET"';

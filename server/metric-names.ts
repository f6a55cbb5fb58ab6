// The lab's metrics contract: the names the gradebook's /metrics exports (the original lab's, so
// its PromQL keeps working), the selectors that mean "user traffic", and the series `o11y load`
// pushes while it runs. The server and the load generator export them; the CLI's alert rules,
// dashboards and summaries query them. Imports nothing.
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

/**
 * The job Prometheus scrapes the gradebook under (cli/services/app.ts). Every query about the
 * gradebook selects it: another service scraped beside it, with the same metric names (any
 * prom-client service), must never count as the gradebook's traffic.
 */
export const APP_JOB_NAME = 'app';
export const APP_JOB = `job="${APP_JOB_NAME}"`;

/** Label matchers for the gradebook's user traffic: every request but Prometheus's own scrape of /metrics. */
export const USER_TRAFFIC = `${APP_JOB},handler!="/metrics"`;

/** The route `o11y load` drives by default and the latency alert watches, as label matchers. */
export const STUDENTS_LIST = `${APP_JOB},handler="/students/",method="GET"`;

/**
 * Seconds: the request-duration histogram's buckets, the original's 0.1/0.5/1 kept and finer ones
 * below so p50/p99 of a fast service mean something. `o11y load`'s client histogram uses the same,
 * so one PromQL shape gives the client's and the server's quantiles.
 */
export const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

/**
 * `o11y load`'s own series, pushed into the lab's Prometheus (remote write) about once a second
 * while a load runs. Every one carries LOAD_RUN_LABEL, so two runs never mix.
 */
export const LOAD_METRIC = {
  /** Gauges (users mode): users the plan asks for now, and those of them holding an open connection. */
  usersPlanned: 'o11y_load_users_planned',
  usersActive: 'o11y_load_users_active',
  /** Gauge: requests written and not answered yet. */
  inFlight: 'o11y_load_requests_in_flight',
  /** Counter: requests written to the wire. */
  sent: 'o11y_load_requests_sent_total',
  /** Counter: answers, by `status` class ("2xx"...), as the server's http_requests_total labels them. */
  responses: 'o11y_load_responses_total',
  /** Counter: requests without an answer, by `kind`: "timeout" or the connection error's code (ECONNREFUSED...). */
  errors: 'o11y_load_errors_total',
  /** Counter (users mode): sends skipped because the user was still waiting for its previous answer. */
  missed: 'o11y_load_missed_total',
  /** Counter (rate mode): sends not made because too many were already waiting for a connection. */
  dropped: 'o11y_load_dropped_total',
  /**
   * Histogram (DURATION_BUCKETS): client latency, write to last byte, with the summary's
   * coordinated-omission correction, so its _count counts samples; count requests with `responses`.
   */
  duration: 'o11y_load_request_duration_seconds',
} as const;

/** The label naming the run on every LOAD_METRIC series. */
export const LOAD_RUN_LABEL = 'run';

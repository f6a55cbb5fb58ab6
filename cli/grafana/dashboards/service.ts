// The gradebook service dashboard: traffic, latency percentiles, errors and the Node
// process, from the app's own /metrics (job="app"), with the alert thresholds drawn.
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LabConfig } from '../../config/schema.js';
import { METRIC } from '../../../server/metric-names.js';
import { DASHBOARDS } from '../catalog.js';
import { labDashboard, row, statPanel, timeSeriesPanel } from '../panels.js';
import { APP_JOB, RATE, TRAFFIC } from '../selectors.js';

// The service's scrape of its own /metrics is not user traffic (TRAFFIC excludes it, as the alert rules do).
const requests = (extra = '') => `rate(${METRIC.requests}{${TRAFFIC}${extra}}[${RATE}])`;
const buckets = `rate(${METRIC.duration}_bucket{${TRAFFIC}}[${RATE}])`;
const quantile = (q: number, by: string) => `histogram_quantile(${q}, sum by (${by}) (${buckets}))`;
// A missing 5xx series means no errors: `or vector(0)` turns that into a 0 ratio instead of "No data".
const errorRatio = `(sum(${requests(',status="5xx"')}) or vector(0)) / sum(${requests()})`;

export function serviceDashboard(config: LabConfig): DashboardBuilder {
  const { requestRate, latencyP99, errorRatio: errorAlert } = config.alerts;
  const entry = DASHBOARDS.service;
  return labDashboard(entry.uid, entry.title, 'The gradebook service: RPS, latency percentiles, errors, in-flight requests, Node process and database pool.')
    .withRow(row('Now'))
    .withPanel(
      statPanel({
        title: 'Requests per second',
        description: `All routes except /metrics. Red above the HighRequestRate alert threshold (${requestRate.threshold} req/s).`,
        unit: 'reqps',
        decimals: 1,
        threshold: requestRate.threshold,
        queries: [{ expr: `sum(${requests()})`, legend: 'RPS' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'p99 latency',
        description: `99th percentile over all routes. Red above the HighLatencyP99 alert threshold (${latencyP99.threshold} s).`,
        unit: 's',
        threshold: latencyP99.threshold,
        queries: [{ expr: quantile(0.99, 'le'), legend: 'p99' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Error ratio (5xx)',
        description: `Share of responses with a 5xx status. Red above the HighErrorRatio alert threshold (${errorAlert.threshold}).`,
        unit: 'percentunit',
        decimals: 1,
        threshold: errorAlert.threshold,
        queries: [{ expr: errorRatio, legend: '5xx ratio' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'In-flight requests',
        description: 'Requests being served right now (accepted, response not finished).',
        unit: 'short',
        queries: [{ expr: `sum(${METRIC.inFlight}{${APP_JOB}})`, legend: 'in flight' }],
      }),
    )
    .withRow(row('Traffic'))
    .withPanel(
      timeSeriesPanel({
        title: 'Requests per second',
        description: `Per route (handler) and in total. Dashed line: the HighRequestRate alert threshold (${requestRate.threshold} req/s, over ${requestRate.window}).`,
        unit: 'reqps',
        min: 0,
        threshold: requestRate.threshold,
        queries: [
          { expr: `sum(${requests()})`, legend: 'total' },
          { expr: `sum by (method, handler) (${requests()})`, legend: '{{method}} {{handler}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Responses per second by status',
        description: 'Status classes as the original lab grouped them: 2xx, 4xx, 5xx.',
        unit: 'reqps',
        min: 0,
        queries: [{ expr: `sum by (status) (${requests()})`, legend: '{{status}}' }],
      }),
    )
    .withRow(row('Latency'))
    .withPanel(
      timeSeriesPanel({
        title: 'Latency p50 / p90 / p99 (all routes)',
        description: `From the ${METRIC.duration} histogram. Dashed line: the HighLatencyP99 alert threshold (${latencyP99.threshold} s, p99 of GET /students/ over ${latencyP99.window}).`,
        unit: 's',
        min: 0,
        threshold: latencyP99.threshold,
        queries: [
          { expr: quantile(0.5, 'le'), legend: 'p50' },
          { expr: quantile(0.9, 'le'), legend: 'p90' },
          { expr: quantile(0.99, 'le'), legend: 'p99' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'p99 latency by route',
        description: `Dashed line: the HighLatencyP99 alert threshold (${latencyP99.threshold} s).`,
        unit: 's',
        min: 0,
        threshold: latencyP99.threshold,
        queries: [{ expr: quantile(0.99, 'le, method, handler'), legend: '{{method}} {{handler}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'p50 latency by route',
        description: 'Median latency per route.',
        unit: 's',
        min: 0,
        queries: [{ expr: quantile(0.5, 'le, method, handler'), legend: '{{method}} {{handler}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'p90 latency by route',
        description: '90th percentile latency per route.',
        unit: 's',
        min: 0,
        queries: [{ expr: quantile(0.9, 'le, method, handler'), legend: '{{method}} {{handler}}' }],
      }),
    )
    .withRow(row('Errors and concurrency'))
    .withPanel(
      timeSeriesPanel({
        title: 'Error ratio (5xx)',
        description: `5xx responses / all responses. Dashed line: the HighErrorRatio alert threshold (${errorAlert.threshold}, over ${errorAlert.window}). \`o11y chaos\` can inject errors.`,
        unit: 'percentunit',
        min: 0,
        threshold: errorAlert.threshold,
        queries: [{ expr: errorRatio, legend: '5xx ratio' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'In-flight requests',
        description: 'Requests accepted and not yet answered. A steady climb under constant load means the service is falling behind.',
        unit: 'short',
        min: 0,
        queries: [{ expr: `sum(${METRIC.inFlight}{${APP_JOB}})`, legend: 'in flight' }],
      }),
    )
    .withRow(row('Node.js process and database pool'))
    .withPanel(
      timeSeriesPanel({
        title: 'Event loop lag',
        description: "How late timers fire on the Node event loop (prom-client default metrics). Lag adds straight to every request's latency.",
        unit: 's',
        span: 8,
        min: 0,
        queries: [
          { expr: `max(nodejs_eventloop_lag_p50_seconds{${APP_JOB}})`, legend: 'p50' },
          { expr: `max(nodejs_eventloop_lag_p99_seconds{${APP_JOB}})`, legend: 'p99' },
          { expr: `max(nodejs_eventloop_lag_max_seconds{${APP_JOB}})`, legend: 'max' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Heap and resident memory',
        description: 'V8 heap used and total, and the process resident set size.',
        unit: 'bytes',
        span: 8,
        min: 0,
        queries: [
          { expr: `sum(nodejs_heap_size_used_bytes{${APP_JOB}})`, legend: 'heap used' },
          { expr: `sum(nodejs_heap_size_total_bytes{${APP_JOB}})`, legend: 'heap total' },
          { expr: `sum(process_resident_memory_bytes{${APP_JOB}})`, legend: 'resident' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Database pool connections',
        description:
          "The service's pg pool: connections in use (held minus idle), idle, and queries waiting for a free connection. Waiting above 0 means the pool is the bottleneck.",
        unit: 'short',
        span: 8,
        min: 0,
        queries: [
          { expr: `sum(${METRIC.poolConnections}{${APP_JOB}}) - sum(${METRIC.poolIdle}{${APP_JOB}})`, legend: 'in use' },
          { expr: `sum(${METRIC.poolIdle}{${APP_JOB}})`, legend: 'idle' },
          { expr: `sum(${METRIC.poolWaiting}{${APP_JOB}})`, legend: 'waiting' },
        ],
      }),
    );
}

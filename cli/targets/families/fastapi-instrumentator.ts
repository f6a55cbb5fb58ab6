// prometheus-fastapi-instrumentator (Python): `Instrumentator().instrument(app).expose(app)`.
// Read from src/prometheus_fastapi_instrumentator/metrics.py `default()` and middleware.py.
import type { Family } from '../family.js';
import { has, offersOf, standardProcess } from './reading.js';

export const fastapiInstrumentator: Family = {
  id: 'prometheus-fastapi-instrumentator',
  name: 'FastAPI (prometheus-fastapi-instrumentator)',
  detect(metrics) {
    // The label-less high-resolution histogram is this library's own; the counter's labels confirm it.
    if (!has(metrics, 'http_request_duration_highr_seconds', 'histogram')) return undefined;
    if (!has(metrics, 'http_requests_total', 'counter', ['handler', 'method', 'status'])) return undefined;
    const http = {
      requests: 'http_requests_total',
      // "2xx" by default (should_group_status_codes=True); "200" when not grouped: both read by their first digit.
      status: 'status',
      // Only 0.1, 0.5 and 1 s buckets by default (latency_lowr_buckets).
      latency: { metric: 'http_request_duration_seconds', type: 'histogram' as const, unit: 'seconds' as const },
      route: ['handler'],
      // The instrumentator counts the scrape of /metrics itself.
      exclude: 'handler!="/metrics"',
    };
    const process = standardProcess(metrics);
    return {
      http,
      process,
      offers: offersOf(
        http,
        process,
        {},
        {
          latency:
            'by default only 0.1, 0.5 and 1 s buckets per route: p50/p99 under 100 ms read as "below 0.1 s". ' +
            'Finer ones: instrument(app, latency_lowr_buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))',
        },
      ),
    };
  },
};

// prometheus-net for ASP.NET Core: `app.UseHttpMetrics()`.
// Read from prometheus-net Prometheus.AspNetCore/HttpMetrics/ (HttpRequestCountMiddleware.cs,
// HttpRequestDurationMiddleware.cs, HttpRequestLabelNames.cs, HttpRequestMiddlewareBase.cs) and
// Prometheus/DotNetStats.cs (process metrics).
import type { Family, HttpShape } from '../family.js';
import { has, hasLabel, offersOf, standardProcess } from './reading.js';

export const prometheusNet: Family = {
  id: 'prometheus-net',
  name: 'ASP.NET Core (prometheus-net)',
  detect(metrics) {
    if (!has(metrics, 'http_requests_received_total', 'counter', ['code'])) return undefined;
    const latency = has(metrics, 'http_request_duration_seconds', 'histogram', ['code']);
    // v8 adds `endpoint` (the route pattern); before it, and for MVC, controller and action.
    const byEndpoint = hasLabel(metrics, 'http_requests_received_total', 'endpoint');
    const http: HttpShape = {
      requests: 'http_requests_received_total',
      status: 'code',
      latency: latency ? { metric: 'http_request_duration_seconds', type: 'histogram', unit: 'seconds' } : undefined,
      route: byEndpoint ? ['endpoint'] : ['controller', 'action'],
      exclude: byEndpoint ? 'endpoint!~"/?metrics"' : undefined,
    };
    const process = standardProcess(metrics, 'process_working_set_bytes');
    return { http, process, offers: offersOf(http, process, {}, { memory: 'the working set (resident memory as Windows and .NET count it)' }) };
  },
};

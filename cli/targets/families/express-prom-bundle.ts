// prom-client with express-prom-bundle (Node): `app.use(promBundle({ ... }))`.
// Read from express-prom-bundle src/index.js (8.0.0): one duration metric, no counter.
import type { Family, HttpShape } from '../family.js';
import type { Metrics } from '../metric-family.js';
import { has, hasLabel, offersOf, standardProcess } from './reading.js';

const DURATION = 'http_request_duration_seconds';

/** Seen on a sample, or, before the first request, named in its help ("... labeled with: status_code, path"). */
function labelled(metrics: Metrics, label: string): boolean {
  const help = metrics.get(DURATION)?.help ?? '';
  return hasLabel(metrics, DURATION, label) || new RegExp(`labeled with: .*\\b${label}\\b`).test(help);
}

export const expressPromBundle: Family = {
  id: 'express-prom-bundle',
  name: 'Node.js prom-client with express-prom-bundle',
  detect(metrics) {
    // Its status label is `status_code` (prom-client's own examples and other Node middlewares say `code`).
    if (!has(metrics, DURATION, ['histogram', 'summary'], ['status_code'])) return undefined;
    // A Go or .NET service naming its label status_code is not this library.
    if (has(metrics, 'go_goroutines') || hasLabel(metrics, DURATION, 'handler') || hasLabel(metrics, DURATION, 'controller')) return undefined;
    const type = metrics.get(DURATION)?.type === 'histogram' ? 'histogram' : 'summary';
    const http: HttpShape = {
      requests: `${DURATION}_count`,
      status: 'status_code',
      latency: { metric: DURATION, type, unit: 'seconds' },
      // `path` only with includePath: true (the URL with ids replaced by "#val").
      route: labelled(metrics, 'path') ? ['path'] : [],
    };
    const process = standardProcess(metrics);
    const offers = offersOf(http, process, {
      routes: 'promBundle({ includePath: true })',
      latency: "promBundle({ metricType: 'histogram' }) (the default)",
      cpu: 'promBundle({ promClient: { collectDefaultMetrics: {} } })',
      memory: 'promBundle({ promClient: { collectDefaultMetrics: {} } })',
    });
    return { http, process, offers };
  },
};

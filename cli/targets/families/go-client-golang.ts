// Go's client_golang: promhttp.Handler() serves /metrics; request metrics exist only where the
// service wraps its handlers in promhttp.InstrumentHandlerCounter / InstrumentHandlerDuration,
// under names it chooses (the package's examples: http_requests_total, http_request_duration_seconds),
// labelled `code` and `method` when the vectors declare them, `handler` when curried in.
// Read from client_golang prometheus/promhttp/instrument_server.go and http.go.
import type { Family, HttpShape } from '../family.js';
import type { Metrics } from '../metric-family.js';
import { has, hasLabel, offersOf, standardProcess } from './reading.js';

const HTTP_LABELS = ['code', 'method', 'handler'];

export const goClientGolang: Family = {
  id: 'go-client-golang',
  name: 'Go (client_golang, promhttp)',
  detect(metrics) {
    if (!has(metrics, 'go_goroutines', 'gauge') && !has(metrics, 'promhttp_metric_handler_requests_total', 'counter')) return undefined;
    const counter = pick(metrics, 'http_requests_total', (_name, type, labels) => type === 'counter' && labels.has('code'));
    const histogram = pick(
      metrics,
      'http_request_duration_seconds',
      (name, type, labels) => type === 'histogram' && name.endsWith('_seconds') && HTTP_LABELS.some((l) => labels.has(l)),
    );
    const requests = counter ?? (histogram ? `${histogram}_count` : undefined);
    const requestFamily = counter ?? histogram;
    const process = standardProcess(metrics);
    const http: HttpShape | undefined =
      requests && requestFamily
        ? {
            requests,
            status: hasLabel(metrics, requestFamily, 'code') ? 'code' : undefined,
            latency: histogram ? { metric: histogram, type: 'histogram', unit: 'seconds' } : undefined,
            route: hasLabel(metrics, requestFamily, 'handler') ? ['handler'] : [],
          }
        : undefined;
    const wrap =
      'wrap each handler: promhttp.InstrumentHandlerCounter(requests, promhttp.InstrumentHandlerDuration(duration, h)), vectors labelled code and method';
    const offers = offersOf(http, process, {
      requests: wrap,
      errors: 'declare the counter with the label "code": promauto.NewCounterVec(opts, []string{"code", "method"})',
      latency: wrap,
      routes: 'curry the handler in: requests.MustCurryWith(prometheus.Labels{"handler": "/students"})',
    });
    return { http, process, offers };
  },
};

/** The conventional name when it fits, else the first family of the service's own that does. */
function pick(metrics: Metrics, preferred: string, fits: (name: string, type: string, labels: Set<string>) => boolean): string | undefined {
  const ours = (name: string) => !/^(go|promhttp|process)_/.test(name);
  const preferredFamily = metrics.get(preferred);
  // Before its first request a labelled family has no samples, hence no labels to check: its name and type say enough.
  if (preferredFamily && fits(preferred, preferredFamily.type, preferredFamily.series === 0 ? new Set(HTTP_LABELS) : preferredFamily.labelNames))
    return preferred;
  for (const [name, f] of metrics) if (ours(name) && fits(name, f.type, f.labelNames)) return name;
  return undefined;
}

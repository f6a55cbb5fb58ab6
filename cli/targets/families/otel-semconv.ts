// OpenTelemetry's HTTP semantic conventions through an SDK's Prometheus exporter: the stable
// `http.server.request.duration` (seconds) and the old `http.server.duration` (milliseconds).
// Read from semantic-conventions model/http/metrics.yaml, opentelemetry-js
// exporter-prometheus src/PrometheusSerializer.ts (dots -> "_", no unit suffix, `_total` on
// counters, `# UNIT` line) and instrumentation-http src/http.ts and utils.ts (its attributes).
import type { Family, HttpShape } from '../family.js';
import type { Metrics } from '../metric-family.js';
import { firstOf, hasLabel, offersOf, standardProcess } from './reading.js';

interface Convention {
  id: string;
  name: string;
  /** With the unit suffix (Go, Java, Python, .NET exporters, the Collector) and without (the JS exporter). */
  names: string[];
  unit: 'seconds' | 'milliseconds';
  status: string;
  settings: Parameters<typeof offersOf>[2];
  latencyNote?: string;
}

function semconvFamily(c: Convention): Family {
  return {
    id: c.id,
    name: c.name,
    detect(metrics: Metrics) {
      const metric = firstOf(metrics, c.names, 'histogram');
      if (!metric) return undefined;
      const http: HttpShape = {
        requests: `${metric}_count`,
        status: hasLabel(metrics, metric, c.status) ? c.status : undefined,
        latency: { metric, type: 'histogram', unit: unitOf(metrics, metric, c.unit) },
        // `http.route` only where a framework's instrumentation knows the route (Express, Fastify...).
        route: hasLabel(metrics, metric, 'http_route') ? ['http_route'] : [],
      };
      const process = standardProcess(metrics);
      return { http, process, offers: offersOf(http, process, c.settings, c.latencyNote ? { latency: c.latencyNote } : {}) };
    },
  };
}

/** `# UNIT` when the exporter wrote one (JS does, in 0.0.4 text too), else the convention's. */
function unitOf(metrics: Metrics, metric: string, fallback: Convention['unit']): Convention['unit'] {
  const unit = metrics.get(metric)?.unit;
  if (unit === 'ms' || unit === 'milliseconds') return 'milliseconds';
  if (unit === 's' || unit === 'seconds') return 'seconds';
  return fallback;
}

const ROUTE_SETTING = "register the web framework's instrumentation (e.g. @opentelemetry/instrumentation-express): it sets http.route";
const NO_PROCESS = 'the SDK exports no process metrics by default (a runtime or host-metrics instrumentation adds its own names)';

export const otelSemconvStable = semconvFamily({
  id: 'otel-semconv',
  name: 'OpenTelemetry SDK, HTTP semantic conventions (http.server.request.duration)',
  names: ['http_server_request_duration_seconds', 'http_server_request_duration'],
  unit: 'seconds',
  status: 'http_response_status_code',
  settings: { routes: ROUTE_SETTING, cpu: NO_PROCESS, memory: NO_PROCESS },
});

export const otelSemconvOld = semconvFamily({
  id: 'otel-semconv-old',
  name: 'OpenTelemetry SDK, old HTTP semantic conventions (http.server.duration, milliseconds)',
  names: ['http_server_duration_milliseconds', 'http_server_duration'],
  unit: 'milliseconds',
  status: 'http_status_code',
  settings: { routes: ROUTE_SETTING, cpu: NO_PROCESS, memory: NO_PROCESS },
  latencyNote: 'in milliseconds: the lab rescales its buckets to seconds. OTEL_SEMCONV_STABILITY_OPT_IN=http switches to the stable, seconds-based metric',
});

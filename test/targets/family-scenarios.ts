// One traffic scenario written in every family's own shape (its metric names, status and route
// labels, status forms, le formatting and unit, as read from its source), for `promtool test
// rules`: route A answers 10 req/s, all 2xx; route B 4 req/s 2xx and 1 req/s 5xx; every request
// lands in one bucket; the process uses 0.25 cores and 100 MB. The scrape's own requests and
// another job's identical series are there too and must not count.
import type { Metrics } from '../../cli/targets/exposition.js';

type Labels = Record<string, string>;

export interface FamilyScenario {
  /** The test's name, and the fixture (test/targets/fixtures/<fixture>.prom) the shape is recognised from. */
  name: string;
  fixture: string;
  /** Changes the recognised exposition before reading it (an option turned on). */
  adjust?: (metrics: Metrics) => void;
  /** Route A and route B as the family labels them, and the `route` the rules must give each. */
  routes: [{ labels: Labels; route: string }, { labels: Labels; route: string }];
  status: (code: 200 | 500) => Labels;
  /** Labels every request series carries (method, scope...). */
  constant: Labels;
  counter?: string;
  histogram?: {
    name: string;
    /** The bounds exactly as the library writes them, in its unit, "+Inf" last. */
    le: string[];
    /** Index in `le` of the bucket every request lands in (at its upper bound). */
    bucket: number;
    withStatus: boolean;
    milliseconds?: boolean;
  };
  /** A summary (no buckets): every request takes `seconds`. */
  summary?: { name: string; seconds: number };
  /** The scrape's own request series, which the rules must leave out. */
  selfScrape?: Labels;
  process: Array<{ series: string; perSecond?: number; value?: number }>;
}

const FASTAPI_LE = ['0.1', '0.5', '1.0', '+Inf'];
const EXPRESS_LE = ['0.003', '0.03', '0.1', '0.3', '1.5', '10', '+Inf'];
const GO_LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
const NET_LE = [...Array.from({ length: 16 }, (_, i) => String(Number((0.001 * 2 ** i).toFixed(3)))), '+Inf'];
const OTEL_LE = ['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '+Inf'];
const OTEL_OLD_MS_LE = ['0', '5', '10', '25', '50', '75', '100', '250', '500', '750', '1000', '2500', '5000', '7500', '10000', '+Inf'];
// Micrometer's percentiles histogram has 70-odd bounds; a stretch of them as the Java client writes them.
const MICROMETER_LE = ['0.001', '0.001048576', '0.022369621', '0.027962026', '0.044739241', '0.055924051', '1.0', '+Inf'];
const RAILS_LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '60', '120', '300', '600', '+Inf'];

const cpuSeconds = { series: 'process_cpu_seconds_total', perSecond: 0.25 };
const rss = { series: 'process_resident_memory_bytes', value: 1e8 };

export const SCENARIOS: FamilyScenario[] = [
  {
    name: 'prometheus-fastapi-instrumentator',
    fixture: 'prometheus-fastapi-instrumentator',
    routes: [
      { labels: { handler: '/students/' }, route: '/students/' },
      { labels: { handler: '/students/{student_id}' }, route: '/students/{student_id}' },
    ],
    status: (code) => ({ status: `${String(code)[0]}xx` }),
    constant: { method: 'GET' },
    counter: 'http_requests_total',
    histogram: { name: 'http_request_duration_seconds', le: FASTAPI_LE, bucket: 1, withStatus: false },
    selfScrape: { handler: '/metrics', status: '2xx', method: 'GET' },
    process: [cpuSeconds, rss],
  },
  {
    name: 'express-prom-bundle (defaults: no route label)',
    fixture: 'express-prom-bundle',
    routes: [
      { labels: {}, route: '*' },
      { labels: {}, route: '*' },
    ],
    status: (code) => ({ status_code: String(code) }),
    constant: {},
    histogram: { name: 'http_request_duration_seconds', le: EXPRESS_LE, bucket: 2, withStatus: true },
    process: [],
  },
  {
    name: 'express-prom-bundle (includePath, includeMethod, default metrics)',
    fixture: 'express-prom-bundle',
    adjust: (m) => {
      for (const l of ['path', 'method']) m.get('http_request_duration_seconds')?.labelNames.add(l);
      m.set('process_cpu_seconds_total', { type: 'counter', labelNames: new Set(), series: 1 });
      m.set('process_resident_memory_bytes', { type: 'gauge', labelNames: new Set(), series: 1 });
    },
    routes: [
      { labels: { path: '/students' }, route: '/students' },
      { labels: { path: '/students/#val' }, route: '/students/#val' },
    ],
    status: (code) => ({ status_code: String(code) }),
    constant: { method: 'GET' },
    histogram: { name: 'http_request_duration_seconds', le: EXPRESS_LE, bucket: 2, withStatus: true },
    process: [cpuSeconds, rss],
  },
  {
    name: 'OpenTelemetry JS, http.server.request.duration (seconds, no unit suffix)',
    fixture: 'otel-semconv',
    routes: [
      { labels: { http_route: '/students' }, route: '/students' },
      { labels: { http_route: '/students/:id' }, route: '/students/:id' },
    ],
    status: (code) => ({ http_response_status_code: String(code), ...(code === 500 ? { error_type: '500' } : {}) }),
    constant: { http_request_method: 'GET', url_scheme: 'http', network_protocol_version: '1.1', otel_scope_name: '@opentelemetry/instrumentation-http' },
    histogram: { name: 'http_server_request_duration', le: OTEL_LE, bucket: 3, withStatus: true },
    process: [],
  },
  {
    name: 'OpenTelemetry JS, old http.server.duration (milliseconds)',
    fixture: 'otel-semconv-old',
    routes: [
      { labels: { http_route: '/students' }, route: '/students' },
      { labels: { http_route: '/students/:id' }, route: '/students/:id' },
    ],
    status: (code) => ({ http_status_code: String(code) }),
    constant: { http_method: 'GET', http_scheme: 'http', http_flavor: '1.1', net_host_name: 'localhost', net_host_port: '3000' },
    histogram: { name: 'http_server_duration', le: OTEL_OLD_MS_LE, bucket: 4, withStatus: true, milliseconds: true },
    process: [],
  },
  {
    name: 'Spring Boot, Micrometer default (summary, no buckets)',
    fixture: 'spring-micrometer',
    routes: [
      { labels: { uri: '/students' }, route: '/students' },
      { labels: { uri: '/students/{id}' }, route: '/students/{id}' },
    ],
    status: (code) => ({ status: String(code), outcome: code === 200 ? 'SUCCESS' : 'SERVER_ERROR', error: 'none', exception: 'none' }),
    constant: { method: 'GET' },
    summary: { name: 'http_server_requests_seconds', seconds: 0.04 },
    selfScrape: { uri: '/actuator/prometheus', status: '200', outcome: 'SUCCESS', error: 'none', exception: 'none', method: 'GET' },
    process: [
      { series: 'process_cpu_usage', value: 0.125 },
      { series: 'system_cpu_count', value: 2 },
      { series: 'jvm_memory_used_bytes{area="heap",id="G1 Eden Space"}', value: 6e7 },
      { series: 'jvm_memory_used_bytes{area="nonheap",id="Metaspace"}', value: 4e7 },
    ],
  },
  {
    name: 'Spring Boot with percentiles-histogram (buckets), CPU as a nanoseconds counter',
    fixture: 'spring-micrometer',
    adjust: (m) => {
      const timer = m.get('http_server_requests_seconds');
      if (timer) timer.type = 'histogram';
      m.set('process_cpu_time_ns_total', { type: 'counter', labelNames: new Set(), series: 1 });
    },
    routes: [
      { labels: { uri: '/students' }, route: '/students' },
      { labels: { uri: '/students/{id}' }, route: '/students/{id}' },
    ],
    status: (code) => ({ status: String(code), outcome: code === 200 ? 'SUCCESS' : 'SERVER_ERROR', error: 'none', exception: 'none' }),
    constant: { method: 'GET' },
    histogram: { name: 'http_server_requests_seconds', le: MICROMETER_LE, bucket: 4, withStatus: true },
    selfScrape: { uri: '/actuator/prometheus', status: '200', outcome: 'SUCCESS', error: 'none', exception: 'none', method: 'GET' },
    process: [
      { series: 'process_cpu_time_ns_total', perSecond: 0.25e9 },
      { series: 'jvm_memory_used_bytes{area="heap",id="G1 Eden Space"}', value: 1e8 },
    ],
  },
  {
    name: 'Go client_golang with promhttp.InstrumentHandler*',
    fixture: 'go-client-golang',
    routes: [
      { labels: { handler: '/students' }, route: '/students' },
      { labels: { handler: '/students/' }, route: '/students/' },
    ],
    status: (code) => ({ code: String(code) }),
    constant: { method: 'get' },
    counter: 'http_requests_total',
    histogram: { name: 'http_request_duration_seconds', le: GO_LE, bucket: 2, withStatus: true },
    process: [cpuSeconds, rss],
  },
  {
    name: 'prometheus-net (ASP.NET Core)',
    fixture: 'prometheus-net',
    routes: [
      { labels: { controller: 'Students', action: 'List', endpoint: 'api/students' }, route: 'api/students' },
      { labels: { controller: 'Students', action: 'Get', endpoint: 'api/students/{id}' }, route: 'api/students/{id}' },
    ],
    status: (code) => ({ code: String(code) }),
    constant: { method: 'GET' },
    counter: 'http_requests_received_total',
    histogram: { name: 'http_request_duration_seconds', le: NET_LE, bucket: 4, withStatus: true },
    selfScrape: { controller: '', action: '', endpoint: '/metrics', code: '200', method: 'GET' },
    process: [cpuSeconds, { series: 'process_working_set_bytes', value: 1e8 }],
  },
  {
    name: 'prometheus-net before v8 (controller and action, no endpoint)',
    fixture: 'prometheus-net',
    adjust: (m) => {
      for (const name of ['http_requests_received_total', 'http_request_duration_seconds']) m.get(name)?.labelNames.delete('endpoint');
    },
    routes: [
      { labels: { controller: 'Students', action: 'List' }, route: 'Students#List' },
      { labels: { controller: 'Students', action: 'Get' }, route: 'Students#Get' },
    ],
    status: (code) => ({ code: String(code) }),
    constant: { method: 'GET' },
    counter: 'http_requests_received_total',
    histogram: { name: 'http_request_duration_seconds', le: NET_LE, bucket: 4, withStatus: true },
    process: [cpuSeconds, { series: 'process_working_set_bytes', value: 1e8 }],
  },
  {
    name: 'yabeda-rails',
    fixture: 'yabeda-rails',
    routes: [
      { labels: { controller: 'students', action: 'index' }, route: 'students#index' },
      { labels: { controller: 'students', action: 'show' }, route: 'students#show' },
    ],
    status: (code) => ({ status: String(code) }),
    constant: { method: 'get', format: 'json' },
    counter: 'rails_requests_total',
    histogram: { name: 'rails_request_duration_seconds', le: RAILS_LE, bucket: 3, withStatus: true },
    process: [],
  },
];

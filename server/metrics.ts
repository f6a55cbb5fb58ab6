// /metrics: the original lab's series (prometheus-fastapi-instrumentator names and labels,
// so its PromQL keeps working) with millisecond-scale buckets, plus default process and
// Node metrics, in-flight requests and the database pool. Every request is counted,
// /metrics and unmatched routes (handler="none") included.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRIC } from './metric-names.js';

/** Seconds; the original's 0.1/0.5/1 kept, finer below so p50/p99 of a fast service mean something. */
export const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];
/** The original's 0.01 ... 60 buckets, with millisecond ones in front. */
export const HIGHR_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60,
];

/**
 * A summary with _sum and _count only, as Python's prometheus_client exports it.
 * prom-client's Summary feeds a t-digest on every observation to compute quantiles
 * nobody asked for; on the request path that cost is not worth paying.
 */
class SumCountSummary {
  readonly type = 'summary';
  readonly aggregator = 'sum';
  private readonly byHandler = new Map<string, { sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(handler: string, value: number): void {
    let s = this.byHandler.get(handler);
    if (!s) {
      s = { sum: 0, count: 0 };
      this.byHandler.set(handler, s);
    }
    s.sum += value;
    s.count += 1;
  }

  get() {
    const values = [...this.byHandler].flatMap(([handler, s]) => [
      { metricName: `${this.name}_sum`, labels: { handler }, value: s.sum },
      { metricName: `${this.name}_count`, labels: { handler }, value: s.count },
    ]);
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.byHandler.clear();
  }
}

export interface Metrics {
  registry: Registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

const kInFlight = Symbol('o11y.inFlight');
type Tracked = FastifyRequest & { [kInFlight]?: boolean };

const templates = new Map<string, string>();
/** The route template as the original lab labelled it: /students/{id}; 'none' when nothing matched. */
function handlerLabel(request: FastifyRequest): string {
  const url = request.routeOptions.url;
  if (!url) return 'none';
  let t = templates.get(url);
  if (t === undefined) {
    t = url.replace(/:(\w+)/g, '{$1}');
    templates.set(url, t);
  }
  return t;
}

const statusGroups = ['1xx', '2xx', '3xx', '4xx', '5xx'];

export interface MetricsOptions {
  pool: pg.Pool;
}

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: METRIC.requests,
    help: 'Total number of requests by method, status and handler.',
    labelNames: ['method', 'status', 'handler'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: METRIC.duration,
    help: 'Latency with only few buckets by handler. Made to be only used if aggregation by handler is important.',
    labelNames: ['method', 'handler'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const durationHighr = new Histogram({
    name: METRIC.durationHighr,
    help: 'Latency with many buckets but no API specific labels. Made for more accurate percentile calculations.',
    buckets: HIGHR_BUCKETS,
    registers: [registry],
  });
  const requestSize = new SumCountSummary(
    METRIC.requestSize,
    'Content length of incoming requests by handler. Only value of header is respected. Otherwise ignored.',
  );
  const responseSize = new SumCountSummary(
    METRIC.responseSize,
    'Content length of outgoing responses by handler. Only value of header is respected. Otherwise ignored.',
  );
  registry.registerMetric(requestSize as never);
  registry.registerMetric(responseSize as never);

  let inFlight = 0;
  new Gauge({
    name: METRIC.inFlight,
    help: 'Requests being served right now.',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });
  const { pool } = options;
  const poolGauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  poolGauge(METRIC.poolConnections, 'PostgreSQL connections the pool holds (idle and in use).', () => pool.totalCount);
  poolGauge(METRIC.poolIdle, 'PostgreSQL connections idle in the pool.', () => pool.idleCount);
  poolGauge(METRIC.poolWaiting, 'Queries waiting for a free PostgreSQL connection.', () => pool.waitingCount);

  const finished = (request: Tracked) => {
    if (request[kInFlight]) {
      request[kInFlight] = false;
      inFlight--;
    }
  };

  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (request: Tracked, _reply: FastifyReply, next: HookHandlerDoneFunction) => {
    request[kInFlight] = true;
    inFlight++;
    next();
  });
  app.addHook('onRequestAbort', (request: Tracked, next: HookHandlerDoneFunction) => {
    finished(request);
    next();
  });
  app.addHook('onResponse', (request: Tracked, reply: FastifyReply, next: HookHandlerDoneFunction) => {
    finished(request);
    const handler = handlerLabel(request);
    const method = request.method;
    const seconds = reply.elapsedTime / 1000;
    requests.inc({ method, status: statusGroups[Math.floor(reply.statusCode / 100) - 1] ?? '5xx', handler });
    duration.observe({ method, handler }, seconds);
    durationHighr.observe(seconds);
    requestSize.observe(handler, Number(request.headers['content-length']) || 0);
    responseSize.observe(handler, Number(reply.getHeader('content-length')) || 0);
    next();
  });

  app.decorate('metrics', { registry });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}

export const metrics = fp(metricsPlugin, { name: 'o11y-metrics', fastify: '5.x' });

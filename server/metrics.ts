// /metrics: the original lab's series (prometheus-fastapi-instrumentator names and labels,
// so its PromQL keeps working) with millisecond-scale buckets, plus default process and
// Node metrics, in-flight requests and the database pool. Every request is counted,
// /metrics and unmatched routes (handler="none") included.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { DURATION_BUCKETS } from './metric-names.js';
import { RequestSeriesSet, type RouteSeries } from './request-series.js';

// The buckets live with the metric names: `o11y load`'s client histogram shares them.
export { DURATION_BUCKETS };
/** The original's 0.01 ... 60 buckets, with millisecond ones in front. */
export const HIGHR_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60,
];

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

/** The route template as the original lab labelled it: /students/{id}; 'none' when nothing matched. */
function handlerLabel(url: string | undefined): string {
  return url ? url.replace(/:(\w+)/g, '{$1}') : 'none';
}

export interface MetricsOptions {
  pool: pg.Pool;
}

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const series = new RequestSeriesSet({ durationBuckets: DURATION_BUCKETS, highrBuckets: HIGHR_BUCKETS });
  for (const m of series.metrics()) registry.registerMetric(m as never);
  // One series record per route (its config object is the route's identity), so the request
  // path does no label work: no template rewriting, no label hashing.
  const byRoute = new WeakMap<object, RouteSeries>();
  const seriesOf = (request: FastifyRequest): RouteSeries => {
    const route = request.routeOptions;
    const config = route.config as object | undefined;
    let s = config ? byRoute.get(config) : undefined;
    if (!s) {
      s = series.series(handlerLabel(route.url), request.method);
      // A route serves one method (HEAD routes have their own config); 404s share one config.
      if (config && route.url) byRoute.set(config, s);
    }
    return s;
  };

  let inFlight = 0;
  new Gauge({
    name: 'http_requests_in_flight',
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
  poolGauge('db_pool_connections', 'PostgreSQL connections the pool holds (idle and in use).', () => pool.totalCount);
  poolGauge('db_pool_idle_connections', 'PostgreSQL connections idle in the pool.', () => pool.idleCount);
  poolGauge('db_pool_waiting_requests', 'Queries waiting for a free PostgreSQL connection.', () => pool.waitingCount);

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
    const requestBytes = request.headers['content-length'];
    const responseBytes = reply.getHeader('content-length');
    series.observe(
      seriesOf(request),
      reply.statusCode,
      reply.elapsedTime / 1000,
      requestBytes ? Number(requestBytes) || 0 : 0,
      responseBytes ? Number(responseBytes) || 0 : 0,
    );
    next();
  });

  app.decorate('metrics', { registry });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}

export const metrics = fp(metricsPlugin, { name: 'o11y-metrics', fastify: '5.x' });

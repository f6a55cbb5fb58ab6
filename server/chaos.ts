// Fault injection for the lab: PUT /chaos turns on extra latency and/or a share of 500s on
// the API routes so the latency and error alerts can be demonstrated. Guarded by a bearer
// token (CHAOS_TOKEN); without a token the endpoint does not exist and nothing is injected.
import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { HttpError, errorSchema } from './errors.js';

export const CHAOS_MAX_LATENCY_MS = 60_000;

export interface ChaosSettings {
  /** Added to every API request before it is handled. */
  latencyMs: number;
  /** Share of API requests answered with an injected 500, 0-1. */
  errorRate: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    chaos: ChaosSettings;
  }
}

const settingsSchema = {
  type: 'object',
  properties: {
    latencyMs: { type: 'integer', minimum: 0, maximum: CHAOS_MAX_LATENCY_MS, description: 'extra latency per API request, ms' },
    errorRate: { type: 'number', minimum: 0, maximum: 1, description: 'share of API requests failed with 500, 0-1' },
  },
  required: ['latencyMs', 'errorRate'],
} as const;

const putBody = { ...settingsSchema, additionalProperties: false, required: [], minProperties: 1 } as const;

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface ChaosOptions {
  token?: string;
}

async function chaosPlugin(app: FastifyInstance, options: ChaosOptions): Promise<void> {
  const settings: ChaosSettings = { latencyMs: 0, errorRate: 0 };
  app.decorate('chaos', settings);
  if (!options.token) return;

  const expected = digest(options.token);
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!given || !timingSafeEqual(digest(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="chaos"');
      throw new HttpError(401, 'The chaos endpoint needs "Authorization: Bearer <CHAOS_TOKEN>".');
    }
  };

  const tags = ['chaos'];
  const security = [{ bearer: [] }];
  const responses = { 200: settingsSchema, 401: errorSchema, 422: errorSchema };

  app.get('/chaos', { onRequest: authorize, schema: { tags, security, summary: 'Current fault injection', response: responses } }, async () => settings);

  app.put<{ Body: Partial<ChaosSettings> }>(
    '/chaos',
    { onRequest: authorize, schema: { tags, security, summary: 'Set fault injection (fields left out are reset to 0)', body: putBody, response: responses } },
    async (request) => {
      settings.latencyMs = request.body.latencyMs ?? 0;
      settings.errorRate = request.body.errorRate ?? 0;
      request.log.warn({ chaos: settings }, 'fault injection changed');
      return settings;
    },
  );

  app.delete('/chaos', { onRequest: authorize, schema: { tags, security, summary: 'Turn fault injection off', response: responses } }, async (request) => {
    settings.latencyMs = 0;
    settings.errorRate = 0;
    request.log.warn('fault injection off');
    return settings;
  });

  if (app.hasDecorator('metrics')) {
    const registers = [app.metrics.registry];
    new Gauge({
      name: 'chaos_latency_seconds',
      help: 'Latency injected into each API request.',
      registers,
      collect() {
        this.set(settings.latencyMs / 1000);
      },
    });
    new Gauge({
      name: 'chaos_error_rate',
      help: 'Share of API requests failed on purpose (0-1).',
      registers,
      collect() {
        this.set(settings.errorRate);
      },
    });
  }
}

export const chaos = fp(chaosPlugin, { name: 'o11y-chaos', fastify: '5.x' });

/**
 * The onRequest hook that injects the faults; added only to the API routes' context,
 * so /metrics, /healthz, /readyz, /docs and /chaos itself are never slowed or failed.
 */
export function injectFaults(app: FastifyInstance) {
  const settings = app.chaos;
  return function faults(_request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const { latencyMs, errorRate } = settings;
    if (latencyMs === 0 && errorRate === 0) {
      done();
      return;
    }
    const fail = errorRate > 0 && Math.random() < errorRate;
    const finish = () => done(fail ? new HttpError(500, `Injected fault (chaos errorRate ${errorRate}).`) : undefined);
    if (latencyMs > 0) void sleep(latencyMs).then(finish);
    else finish();
  };
}

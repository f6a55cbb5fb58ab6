// A gradebook app on its own throwaway PostgreSQL, for tests that use app.inject().
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.js';
import { startTempPostgres, type TempPostgres } from '../support/postgres.js';

export interface Gradebook {
  pg: TempPostgres;
  app: FastifyInstance;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startGradebook(options: Partial<AppOptions> = {}): Promise<Gradebook> {
  const pg = await startTempPostgres();
  let app: FastifyInstance;
  try {
    app = await buildApp({ databaseUrl: pg.url, ...options });
    await app.ready();
  } catch (err) {
    pg.destroy();
    throw err;
  }
  return {
    pg,
    app,
    request: (opts) => app.inject(opts),
    get: (url) => app.inject({ method: 'GET', url }),
    post: (url, payload) => app.inject({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
    async close() {
      await app.close();
      pg.destroy();
    },
  };
}

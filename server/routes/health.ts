// /healthz: the process is alive. /readyz: it can serve, i.e. PostgreSQL answers.
import type { FastifyInstance } from 'fastify';
import { errorBody, errorSchema } from '../errors.js';

const status = { type: 'object', properties: { status: { type: 'string' } } } as const;

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness', response: { 200: status } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'Readiness: the database answers', response: { 200: status, 503: errorSchema } } },
    async (request, reply) => {
      try {
        await app.db.query('SELECT 1');
        return { status: 'ok' };
      } catch (err) {
        request.log.warn({ msg: (err as Error).message }, 'readiness check failed');
        return reply.code(503).send(errorBody(503, `The database is not reachable: ${(err as Error).message}`));
      }
    },
  );
}

// Builds the gradebook Fastify app (not listening): database and migrations, routes,
// validation and errors, metrics, fault injection and OpenAPI docs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { chaos, injectFaults } from './chaos.js';
import type { LogLevel } from './config.js';
import { migrate, withMigrationLock } from './db/migrations.js';
import { createPool, describeDatabase, isDatabaseUnavailable, toDatabaseStartError, type PoolOptions } from './db/pool.js';
import { seedIfEmpty, type SeedMode } from './db/seed.js';
import { installErrorHandlers } from './errors.js';
import { lazyChildLogger } from './lazy-request-logger.js';
import { metrics } from './metrics.js';
import { gradeRoutes } from './routes/grades.js';
import { healthRoutes } from './routes/health.js';
import { bodylessDelete, integersFromText } from './routes/request-schemas.js';
import { studentRoutes } from './routes/students.js';
import { subjectRoutes } from './routes/subjects.js';

export const BODY_LIMIT_BYTES = 16 * 1024;

export interface AppOptions {
  databaseUrl: string;
  /** Data put into an empty database at start (default 'sample'). */
  seed?: SeedMode;
  /** Enables PUT/GET/DELETE /chaos behind this bearer token; unset: no fault injection at all. */
  chaosToken?: string;
  /** Log level; logging is off when neither this nor `logger` is given. */
  logLevel?: LogLevel;
  logger?: boolean;
  /** Largest request body accepted (default 16 KiB). */
  bodyLimit?: number;
  pool?: Omit<PoolOptions, 'databaseUrl'>;
  /** Keep retrying an unreachable database this long at start (default 0: fail at once). */
  databaseWaitMs?: number;
  /** Folder with Swagger UI's static files when they are not beside the package (the bundle). */
  swaggerStaticDir?: string;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const level = options.logLevel ?? (options.logger ? 'info' : undefined);
  const app = Fastify({
    logger: level ? { level } : false,
    // Per-request log lines cost more than the request itself at 10k RPS: only at debug.
    logController: new LogController({ disableRequestLogging: level !== 'debug' && level !== 'trace' }),
    // Request loggers are built only when a request logs (most never do).
    childLoggerFactory: lazyChildLogger,
    bodyLimit: options.bodyLimit ?? BODY_LIMIT_BYTES,
    // /students and /students/ both work, as FastAPI's redirect made them.
    routerOptions: { ignoreTrailingSlash: true },
    // No silent coercion ({"name": 1} is not a name) and no silent dropping of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });

  const pool = createPool({ databaseUrl: options.databaseUrl, ...options.pool }, app.log);
  app.decorate('db', pool);
  app.addHook('onClose', async () => pool.end());
  try {
    await prepareDatabase(app, options);
  } catch (err) {
    await app.close();
    throw toDatabaseStartError(err, options.databaseUrl);
  }

  installErrorHandlers(app);
  app.addHook('onRequest', bodylessDelete);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gradebook API', version: '1.0.0', description: 'The o11y-lab gradebook: students, subjects and their grades.' },
      tags: [{ name: 'students' }, { name: 'subjects' }, { name: 'grades' }, { name: 'health' }, { name: 'chaos' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', ...bundledAssets(options.swaggerStaticDir) });
  await app.register(metrics, { pool });
  await app.register(chaos, { token: options.chaosToken });
  await app.register(healthRoutes);
  await app.register(async (api) => {
    api.addHook('preValidation', integersFromText);
    if (options.chaosToken) api.addHook('onRequest', injectFaults(app));
    await api.register(studentRoutes);
    await api.register(subjectRoutes);
    await api.register(gradeRoutes);
  });
  return app;
}

/**
 * Inside the esbuild bundle Swagger UI cannot find its files by __dirname: point it at the
 * copies beside the bundle, logo included (it reads that one at registration).
 */
function bundledAssets(dir: string | undefined) {
  if (!dir) return {};
  return { baseDir: dir, logo: { type: 'image/svg+xml', content: readFileSync(path.join(dir, 'logo.svg')) } };
}

/** Migrates and seeds under one advisory lock, waiting for the database if asked to. */
async function prepareDatabase(app: FastifyInstance, options: AppOptions): Promise<void> {
  const deadline = Date.now() + (options.databaseWaitMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      await withMigrationLock(options.databaseUrl, async (client) => {
        const applied = await migrate(client);
        if (applied.length) app.log.info({ applied }, 'database migrated');
        const seeded = await seedIfEmpty(client, options.seed ?? 'sample');
        if (seeded.seeded) app.log.info(seeded, 'sample data seeded');
      });
      return;
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) throw err;
      if (attempt === 1) app.log.warn(`waiting for PostgreSQL at ${describeDatabase(options.databaseUrl)}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

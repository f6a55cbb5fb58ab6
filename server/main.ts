// Entry point of the bundled service (dist/app/server.mjs): reads the environment, waits
// for PostgreSQL, listens, and on SIGTERM/SIGINT drains in-flight requests and closes the pool.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, readServerConfig } from './config.js';
import { DatabaseStartError } from './db/pool.js';
import { exitOnSignals } from './shutdown.js';

// The bundle ships Swagger UI's files in ./static beside it (scripts/build.mjs copies them).
const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

try {
  const config = readServerConfig();
  const app = await buildApp({
    databaseUrl: config.databaseUrl,
    seed: config.seed,
    chaosToken: config.chaosToken,
    logLevel: config.logLevel,
    databaseWaitMs: config.databaseWaitSeconds * 1000,
    swaggerStaticDir: existsSync(path.join(staticDir, 'swagger-ui.css')) ? staticDir : undefined,
  });
  // A drain that hangs past 10 s, or a second signal, ends the process anyway.
  exitOnSignals(app, (signal) => app.log.info(`${signal}: draining requests and closing the database pool`));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      console.error(`gradebook: cannot listen on ${config.host}:${config.port} (${code}); set PORT or HOST.`);
      process.exit(1);
    }
    throw err;
  }
  if (config.chaosToken) app.log.info('fault injection available at /chaos (bearer token from CHAOS_TOKEN)');
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseStartError) {
    console.error(`gradebook: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

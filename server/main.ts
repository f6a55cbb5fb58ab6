// Entry point of the bundled service (dist/app/server.mjs): reads the environment, waits
// for PostgreSQL, listens, and on SIGTERM/SIGINT drains in-flight requests and closes the pool.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readServerConfig } from './config.js';
import { DatabaseStartError } from './db/pool.js';
import { exitOnSignals } from './shutdown.js';
import { ListenError, startServer } from './start.js';

// The bundle ships Swagger UI's files in ./static beside it (scripts/build.mjs copies them).
const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

try {
  const config = readServerConfig();
  const app = await startServer(config, { swaggerStaticDir: existsSync(path.join(staticDir, 'swagger-ui.css')) ? staticDir : undefined });
  // A drain that hangs past 10 s, or a second signal, ends the process anyway.
  exitOnSignals(app, (signal) => app.log.info(`${signal}: draining requests and closing the database pool`));
  if (config.chaosToken) app.log.info('fault injection available at /chaos (bearer token from CHAOS_TOKEN)');
} catch (err) {
  if (err instanceof ListenError) {
    console.error(`gradebook: ${err.message}; set PORT or HOST.`);
    process.exit(1);
  }
  if (err instanceof ConfigError || err instanceof DatabaseStartError) {
    console.error(`gradebook: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

// `o11y serve`: the gradebook service on the host, for development.
import type { Command } from 'commander';
import { ConfigError, logLevels, readServerConfig, type ServerConfig } from '../../server/config.js';
import { DatabaseStartError, describeDatabase } from '../../server/db/pool.js';
import { exitOnSignals } from '../../server/shutdown.js';
import { ListenError, startServer } from '../../server/start.js';
import { UserError } from '../errors.js';
import { style } from '../output.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gradebook';

interface ServeOptions {
  port: string;
  host: string;
  databaseUrl?: string;
  seed: string;
  logLevel: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gradebook service on this host (needs a PostgreSQL)')
    .option('-p, --port <port>', 'port to listen on', process.env.PORT ?? '8000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--database-url <url>', `PostgreSQL URL (default: $DATABASE_URL, else ${DEFAULT_DATABASE_URL})`)
    .option('--seed <mode>', 'data for an empty database: sample, large or none', process.env.SEED ?? 'sample')
    .option('--log-level <level>', `server log level: ${logLevels.join(', ')}`, process.env.LOG_LEVEL ?? 'warn')
    .addHelpText(
      'after',
      `
Fault injection (/chaos) is enabled when CHAOS_TOKEN is set.

Examples:
  $ o11y serve
  $ o11y serve --port 8000 --database-url postgres://postgres@127.0.0.1:5432/gradebook
  $ CHAOS_TOKEN=secret o11y serve --seed large`,
    )
    .action(async (opts: ServeOptions) => serve(opts));
}

async function serve(opts: ServeOptions): Promise<void> {
  // The server's own reading of its settings (server/config.ts), fed from the flags, so the
  // bundle and `serve` validate the same way; messages name the flags.
  const env = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    PORT: opts.port,
    HOST: opts.host,
    SEED: opts.seed,
    LOG_LEVEL: opts.logLevel,
    // On the host the database is the user's to start: say so at once rather than wait.
    DB_WAIT_SECONDS: '0',
  };
  let config: ServerConfig;
  try {
    config = readServerConfig(env, {
      DATABASE_URL: opts.databaseUrl ? '--database-url' : 'DATABASE_URL',
      PORT: '--port',
      SEED: '--seed',
      LOG_LEVEL: '--log-level',
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message, { code: 'O11Y_FLAG_INVALID' });
    throw err;
  }

  let app: Awaited<ReturnType<typeof startServer>>;
  try {
    app = await startServer(config);
  } catch (err) {
    if (err instanceof DatabaseStartError) {
      throw new UserError(err.message, {
        code: 'O11Y_DATABASE_UNREACHABLE',
        hint: err.reached ? 'Check the user, password and database name in the URL.' : 'Start it or pass --database-url.',
        cause: err.cause,
      });
    }
    if (err instanceof ListenError) {
      if (err.code === 'EADDRINUSE')
        throw new UserError(`Port ${err.port} on ${err.host} is already in use.`, { code: 'O11Y_PORT_IN_USE', hint: 'Stop what holds it or pass --port.' });
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        throw new UserError(`Cannot listen on ${err.host}: no such local address.`, {
          code: 'O11Y_ADDRESS_UNAVAILABLE',
          hint: 'Pass --host 127.0.0.1 or 0.0.0.0.',
        });
    }
    throw err;
  }

  const bound = app.server.address();
  const boundPort = bound && typeof bound === 'object' ? bound.port : config.port;
  const shown = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${boundPort}`;
  console.log(`${style.green('✔')} gradebook listening on ${style.bold(shown)}  (database ${describeDatabase(config.databaseUrl)})`);
  console.log(`  API docs ${shown}/docs   metrics ${shown}/metrics${config.chaosToken ? `   chaos ${shown}/chaos` : ''}`);
  console.log(style.dim('  Ctrl-C stops it.'));

  exitOnSignals(app, (signal) => console.log(`\n${signal}: finishing requests in flight, closing the database pool`));
}

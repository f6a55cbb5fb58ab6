// `o11y serve`: the gradebook service on the host, for development.
import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { ConfigError, checkDatabaseUrl, logLevels, parsePort, parseSeed, type LogLevel } from '../../server/config.js';
import { DatabaseStartError, describeDatabase } from '../../server/db/pool.js';
import { exitOnSignals } from '../../server/shutdown.js';
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
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let port: number;
  let seed;
  try {
    port = parsePort(opts.port, '--port');
    seed = parseSeed(opts.seed, '--seed');
    checkDatabaseUrl(databaseUrl, opts.databaseUrl ? '--database-url' : 'DATABASE_URL');
    if (!(logLevels as readonly string[]).includes(opts.logLevel)) throw new ConfigError(`--log-level must be one of ${logLevels.join(', ')}.`);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message);
    throw err;
  }

  let app;
  try {
    app = await buildApp({ databaseUrl, seed, chaosToken: process.env.CHAOS_TOKEN || undefined, logLevel: opts.logLevel as LogLevel });
  } catch (err) {
    if (err instanceof DatabaseStartError) {
      throw new UserError(err.message, {
        hint: err.reached ? 'Check the user, password and database name in the URL.' : 'Start it or pass --database-url.',
        cause: err.cause,
      });
    }
    throw err;
  }

  try {
    await app.listen({ port, host: opts.host });
  } catch (err) {
    await app.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UserError(`Port ${port} on ${opts.host} is already in use.`, { hint: 'Stop what holds it or pass --port.' });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`Cannot listen on ${opts.host}: no such local address.`, { hint: 'Pass --host 127.0.0.1 or 0.0.0.0.' });
    throw err;
  }

  const bound = app.server.address();
  const boundPort = bound && typeof bound === 'object' ? bound.port : port;
  const shown = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${boundPort}`;
  console.log(`${style.green('✔')} gradebook listening on ${style.bold(shown)}  (database ${describeDatabase(databaseUrl)})`);
  console.log(`  API docs ${shown}/docs   metrics ${shown}/metrics${process.env.CHAOS_TOKEN ? `   chaos ${shown}/chaos` : ''}`);
  console.log(style.dim('  Ctrl-C stops it.'));

  exitOnSignals(app, (signal) => console.log(`\n${signal}: finishing requests in flight, closing the database pool`));
}

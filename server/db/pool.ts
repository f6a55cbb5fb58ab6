// The PostgreSQL pool, tuned to fail fast while the database is away and to recover by
// itself when it is back; plus how to tell "database unavailable" from other errors.
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';

export interface PoolOptions {
  databaseUrl: string;
  /** Connections kept at most (default 10). */
  max?: number;
  /** How long a request may wait for a new connection before it fails with 503 (default 2000 ms). */
  connectionTimeoutMillis?: number;
  /** Server-side limit of one statement (default 5000 ms). */
  statementTimeoutMillis?: number;
}

export function createPool(options: PoolOptions, log: FastifyBaseLogger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMillis ?? 5000,
    // A query on a half-open connection must not hang forever either.
    query_timeout: (options.statementTimeoutMillis ?? 5000) + 2000,
    application_name: 'o11y-gradebook',
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that
  // would crash the process. The pool drops that client and makes a new one on demand.
  pool.on('error', (err) => log.warn({ code: (err as { code?: string }).code, msg: err.message }, 'idle database connection lost'));
  return pool;
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
]);

const unavailableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error',
  'Connection closed',
];

/** True when the error means "PostgreSQL cannot be reached right now", not "this query is wrong". */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  if (err instanceof AggregateError) return err.errors.some(isDatabaseUnavailable);
  return unavailableMessages.some((m) => err.message.includes(m));
}

/** host:port/database of a PostgreSQL URL, without user or password, for messages and logs. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(unparseable database URL)';
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The PostgreSQL pool every route queries through. */
    db: pg.Pool;
  }
}

/** PostgreSQL could not be used at start; the message names host:port and why, never the password. */
export class DatabaseStartError extends Error {
  constructor(
    message: string,
    /** False when nothing answered (down, wrong host or port); true when it answered and refused. */
    readonly reached: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseStartError';
  }
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  if (e.code && !/^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  if (e.errors?.length) return reasonOf(e.errors[0]);
  if (e.message?.includes('timeout exceeded')) return 'timed out';
  return e.message ?? String(err);
}

export function toDatabaseStartError(err: unknown, databaseUrl: string): DatabaseStartError {
  const target = describeDatabase(databaseUrl);
  if (isDatabaseUnavailable(err)) {
    return new DatabaseStartError(`Cannot reach PostgreSQL at ${target} (${reasonOf(err)}).`, false, { cause: err });
  }
  return new DatabaseStartError(`Cannot use PostgreSQL at ${target}: ${(err as Error).message}.`, true, { cause: err });
}

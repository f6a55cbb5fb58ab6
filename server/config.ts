// The service's configuration, read from the environment and validated once at start.
import { readFileSync } from 'node:fs';
import { seedModes, type SeedMode } from './db/seed.js';

export interface ServerConfig {
  databaseUrl: string;
  port: number;
  host: string;
  seed: SeedMode;
  chaosToken?: string;
  logLevel: LogLevel;
  /** How long to wait for PostgreSQL at start before giving up (the bundle waits; `o11y serve` does not). */
  databaseWaitSeconds: number;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A configuration value that cannot be used; the message names the variable and what is allowed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parsePort(value: string, name: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number 0-65535, got "${value}".`);
  return n;
}

export function parseSeed(value: string, name: string): SeedMode {
  if (!(seedModes as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${seedModes.join(', ')}, got "${value}".`);
  return value as SeedMode;
}

export function checkDatabaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL; expected postgres://user:password@host:5432/database.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must start with postgres:// or postgresql://, got "${url.protocol}//".`);
  }
  return value;
}

type Env = Record<string, string | undefined>;

/**
 * A secret from `NAME` or from the file `NAME_FILE` names (the official images' convention: what
 * a container gets as a file stays out of `docker inspect`). One trailing newline is dropped, as
 * `echo secret > file` leaves one.
 */
export function secretSetting(env: Env, name: string): string | undefined {
  const fileVar = `${name}_FILE`;
  const file = env[fileVar];
  if (file && env[name]) throw new ConfigError(`Both ${name} and ${fileVar} are set; set only one.`);
  if (!file) return env[name] || undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '') || undefined;
  } catch (err) {
    throw new ConfigError(`${fileVar} names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
}

/** DATABASE_URL with DATABASE_PASSWORD (or its file) put in, when the URL has none. */
function withPassword(databaseUrl: string, password: string | undefined, name: string): string {
  if (password === undefined) return databaseUrl;
  const url = new URL(databaseUrl);
  if (url.password) throw new ConfigError(`${name} has a password and DATABASE_PASSWORD is set too; give it in one place.`);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** What each setting is called where it came from (`o11y serve` names its flags), for messages. */
export type SettingNames = Partial<Record<'DATABASE_URL' | 'PORT' | 'SEED' | 'LOG_LEVEL', string>>;

/**
 * Reads DATABASE_URL (+ DATABASE_PASSWORD), PORT, HOST, SEED, CHAOS_TOKEN, LOG_LEVEL and
 * DB_WAIT_SECONDS; DATABASE_PASSWORD and CHAOS_TOKEN also from a file (`..._FILE`).
 */
export function readServerConfig(env: Env = process.env, names: SettingNames = {}): ServerConfig {
  const name = (key: keyof SettingNames) => names[key] ?? key;
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new ConfigError('DATABASE_URL is not set; expected postgres://user:password@host:5432/database.');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(logLevels as readonly string[]).includes(logLevel))
    throw new ConfigError(`${name('LOG_LEVEL')} must be one of ${logLevels.join(', ')}, got "${logLevel}".`);
  const wait = env.DB_WAIT_SECONDS ?? '30';
  if (!/^\d+$/.test(wait)) throw new ConfigError(`DB_WAIT_SECONDS must be a whole number of seconds, got "${wait}".`);
  return {
    databaseUrl: withPassword(checkDatabaseUrl(databaseUrl, name('DATABASE_URL')), secretSetting(env, 'DATABASE_PASSWORD'), name('DATABASE_URL')),
    port: parsePort(env.PORT ?? '8000', name('PORT')),
    host: env.HOST || '0.0.0.0',
    seed: parseSeed(env.SEED || 'sample', name('SEED')),
    chaosToken: secretSetting(env, 'CHAOS_TOKEN'),
    logLevel: logLevel as LogLevel,
    databaseWaitSeconds: Number(wait),
  };
}

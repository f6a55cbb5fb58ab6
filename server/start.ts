// The service's start-up, shared by the bundle (main.ts) and `o11y serve`: build the app from a
// validated config, listen, and turn the ways listening fails into one error with the cause.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';

/** The address cannot be listened on: taken (EADDRINUSE), not this machine's, or not allowed. */
export class ListenError extends Error {
  constructor(
    readonly code: string,
    readonly host: string,
    readonly port: number,
    options: { cause: unknown },
  ) {
    super(`cannot listen on ${host}:${port} (${code})`, options);
    this.name = 'ListenError';
  }
}

const LISTEN_ERRORS = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND']);

export async function startServer(config: ServerConfig, extra: { swaggerStaticDir?: string } = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    databaseUrl: config.databaseUrl,
    seed: config.seed,
    chaosToken: config.chaosToken,
    logLevel: config.logLevel,
    databaseWaitMs: config.databaseWaitSeconds * 1000,
    swaggerStaticDir: extra.swaggerStaticDir,
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    const code = (err as { code?: string }).code;
    if (code && LISTEN_ERRORS.has(code)) throw new ListenError(code, config.host, config.port, { cause: err });
    throw err;
  }
  return app;
}

// Graceful stop on SIGTERM/SIGINT: no new connections, requests in flight finish, the pool closes.
import type { FastifyInstance } from 'fastify';

/**
 * app.close() closes the connections idle at that moment, but a keep-alive connection
 * whose request was still in flight turns idle later and would hold the close open until
 * its keep-alive timeout; so idle connections are closed again until the drain ends.
 */
export async function closeGracefully(app: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}

/** On the first SIGTERM or SIGINT: drain and exit 0 (1 if the drain fails or exceeds `timeoutMs`). */
export function exitOnSignals(app: FastifyInstance, onSignal: (signal: NodeJS.Signals) => void, timeoutMs = 10_000): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      onSignal(signal);
      setTimeout(() => process.exit(1), timeoutMs).unref();
      closeGracefully(app).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

// Entry point of the bundled service (dist/app/server.mjs): reads env, listens, drains on signals.
import { buildApp } from './app.js';

const app = await buildApp({ databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gradebook', logger: true });
await app.listen({ port: Number(process.env.PORT ?? 8000), host: process.env.HOST ?? '0.0.0.0' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}

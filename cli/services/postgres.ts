// PostgreSQL: the gradebook's data, in a named volume.
import { healthCheck } from './health-check.js';
import type { ServiceModule } from './service.js';

/** The database the app and the exporter use. */
export const DATABASE = { user: 'postgres', name: 'gradebook' } as const;

export const postgres: ServiceModule = {
  name: 'postgres',
  summary: 'the gradebook data (named volume)',
  port: { container: 5432, key: 'postgres', default: 5432 },
  // 16 is the newest major with long support left that the exporter's 0.15 queries all cover.
  image: { default: 'postgres:16-bookworm', why: 'newest major with long support whose statistics views postgres-exporter 0.15 covers' },
  localBuild: { context: 'postgres' },
  container: () => ({
    env: { POSTGRES_USER: DATABASE.user, POSTGRES_DB: DATABASE.name, POSTGRES_PASSWORD: { secret: 'postgresPassword' } },
    mounts: [{ kind: 'volume', name: 'postgres-data', target: '/var/lib/postgresql/data' }],
    // Over TCP: the image's init-time server listens only on the socket, so this is not ready during init.
    health: healthCheck(['pg_isready', '-h', '127.0.0.1', '-U', DATABASE.user, '-d', DATABASE.name]),
    dependsOn: [],
  }),
  links: [{ label: 'PostgreSQL', url: (host, port) => `postgres://${DATABASE.user}@${host}:${port}/${DATABASE.name}` }],
};

/** The database URL as a service on the lab's network writes it, with the password from the secrets file. */
export function databaseUrl(address: string, scheme: string, query = '') {
  return { secret: 'postgresPassword' as const, prefix: `${scheme}://${DATABASE.user}:`, suffix: `@${address}/${DATABASE.name}${query}` };
}

// PostgreSQL: the gradebook data, in a named volume.
import { healthCheck } from './health-check.js';
import type { DataVersion, ServiceModule } from './service.js';

/** The database the app and the exporter use. */
export const DATABASE = { user: 'postgres', name: 'gradebook' } as const;

/**
 * The one PostgreSQL major of the lab, on both paths: the official default image and the local
 * build (Debian bookworm packages 15; images/postgres/Dockerfile sets the same PG_MAJOR). A data
 * folder only opens with the major that made it, so the two must never differ.
 */
export const PG_MAJOR = 15;

const DATA_DIR = '/var/lib/postgresql/data';

/** PostgreSQL's major from an image: the official images and ours set PG_MAJOR; else the tag (postgres:16...). */
export function postgresMajor(image: { ref: string; env: string[] }): string | undefined {
  const fromEnv = image.env.find((e) => e.startsWith('PG_MAJOR='))?.slice('PG_MAJOR='.length);
  if (fromEnv && /^\d+$/.test(fromEnv)) return fromEnv;
  return /^(?:.*\/)?postgres:(\d{1,2})(?:[.-]|$)/.exec(image.ref)?.[1];
}

const dataVersion: DataVersion = {
  volume: 'postgres-data',
  file: 'PG_VERSION',
  imageVersion: postgresMajor,
  // docker-library/postgres 18: PGDATA is /var/lib/postgresql/18/docker and the entrypoint
  // refuses a volume mounted at /var/lib/postgresql/data, which is where this lab keeps its data.
  unsupported: (major, ref) =>
    Number(major) >= 18
      ? {
          message:
            `images.postgres is ${ref} (PostgreSQL ${major}): from 18 on, the official image keeps its data in ` +
            `/var/lib/postgresql/${major}/docker and refuses a volume at ${DATA_DIR}, where this lab keeps it. Nothing was changed.`,
          hint: `Use PostgreSQL ${PG_MAJOR}, the lab's major: remove images.postgres from o11y.yaml (and O11Y_IMAGE_POSTGRES), or set it to postgres:${PG_MAJOR}-bookworm.`,
        }
      : undefined,
  mismatch: ({ found, wanted, ref, volume }) => ({
    message:
      `The lab's database (volume ${volume}) was made by PostgreSQL ${found}, and ${ref} is PostgreSQL ${wanted}, ` +
      `which cannot open it (it would restart unhealthy forever). Nothing was changed.`,
    hint:
      `Either run PostgreSQL ${found} again: set images.postgres: postgres:${found}-bookworm in o11y.yaml ` +
      `(or O11Y_IMAGE_POSTGRES)${found === String(PG_MAJOR) ? ', or `o11y up --images local`' : ''}; ` +
      `or keep the data by dumping it with PostgreSQL ${found} (pg_dumpall) and restoring it into ${wanted}; ` +
      "or start empty: `o11y down --volumes` DELETES the lab's data (the gradebook, Prometheus' history), then `o11y up`.",
  }),
};

export const postgres: ServiceModule = {
  name: 'postgres',
  summary: 'the gradebook data (named volume)',
  port: { container: 5432, key: 'postgres', default: 5432 },
  // 15: the major Debian bookworm packages, so the local build and the official image open the
  // same volume; supported upstream until November 2027, and postgres-exporter 0.15 covers it.
  image: { default: `postgres:${PG_MAJOR}-bookworm`, why: 'the major of the local build (Debian bookworm), so both open the same data volume' },
  // docker-library/postgres 15/bookworm/Dockerfile: FROM debian:bookworm-slim, user postgres 999
  // (the entrypoint starts as root, chowns PGDATA and drops to it with gosu), ENV PG_MAJOR 15,
  // PGDATA /var/lib/postgresql/data, wget installed for gosu and purged again: no wget, no curl.
  official: {
    source: 'github.com/docker-library/postgres/blob/master/15/bookworm/Dockerfile (FROM debian:bookworm-slim)',
    uid: 0,
    dropsTo: { name: 'postgres', uid: 999 },
    entrypoint: ['docker-entrypoint.sh'],
    paths: ['/usr/local/bin/docker-entrypoint.sh', `/usr/lib/postgresql/${PG_MAJOR}/bin/pg_isready`, DATA_DIR],
    wget: 'none',
    curl: false,
    bash: true,
    healthBinaries: ['pg_isready'],
  },
  dataVersion,
  // Nothing off this machine needs it (the app reaches it on the lab's network): loopback only.
  whenExposed: 'loopback',
  localBuild: { context: 'postgres' },
  container: () => ({
    env: {
      POSTGRES_USER: DATABASE.user,
      POSTGRES_DB: DATABASE.name,
      POSTGRES_PASSWORD: { secret: 'postgresPassword', fileVariable: 'POSTGRES_PASSWORD_FILE' },
    },
    mounts: [{ kind: 'volume', name: dataVersion.volume, target: DATA_DIR }],
    // Over TCP: the image's init-time server listens only on the socket, so this is not ready during init.
    health: healthCheck(['pg_isready', '-h', '127.0.0.1', '-U', DATABASE.user, '-d', DATABASE.name]),
    dependsOn: [],
  }),
  links: [{ label: 'PostgreSQL', url: (host, port) => `postgres://${DATABASE.user}@${host}:${port}/${DATABASE.name}` }],
};

/** The database URL as a service on the lab's network writes it, without the password (passed as a file). */
export function databaseUrl(address: string, scheme: string, query = ''): string {
  return `${scheme}://${DATABASE.user}@${address}/${DATABASE.name}${query}`;
}

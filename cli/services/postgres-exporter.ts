// postgres-exporter: PostgreSQL's statistics as Prometheus metrics (scrape job "postgres").
import { httpHealthCheck } from './health-check.js';
import { DATABASE } from './postgres.js';
import { httpLink, type ServiceModule } from './service.js';

const PORT = 9187;

export const postgresExporter: ServiceModule = {
  name: 'postgres-exporter',
  summary: 'PostgreSQL statistics as metrics (pg_up, pg_stat_database_*)',
  port: { container: PORT, key: 'postgresExporter', default: 9187 },
  image: { default: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', why: 'the release whose default queries the dashboards use' },
  // prometheus-community/postgres_exporter v0.15.0 Dockerfile: FROM quay.io/prometheus/busybox,
  // /bin/postgres_exporter as ENTRYPOINT, USER nobody, EXPOSE 9187.
  official: {
    source: 'github.com/prometheus-community/postgres_exporter/blob/v0.15.0/Dockerfile (FROM quay.io/prometheus/busybox)',
    uid: 65534,
    entrypoint: ['/bin/postgres_exporter'],
    paths: ['/bin/postgres_exporter'],
    wget: 'busybox',
    curl: false,
    bash: false,
    healthBinaries: ['wget'],
  },
  // Prometheus scrapes it on the lab's network; nothing else needs it: loopback only.
  whenExposed: 'loopback',
  localBuild: { context: 'postgres-exporter' },
  container: ({ addressOf }) => ({
    // URI + user + password file rather than DATA_SOURCE_NAME, which would carry the password.
    env: {
      DATA_SOURCE_URI: `${addressOf('postgres')}/${DATABASE.name}?sslmode=disable`,
      DATA_SOURCE_USER: DATABASE.user,
      DATA_SOURCE_PASS: { secret: 'postgresPassword', fileVariable: 'DATA_SOURCE_PASS_FILE' },
    },
    mounts: [],
    health: httpHealthCheck(PORT, '/metrics'),
    dependsOn: ['postgres'],
  }),
  scrape: [{ job: 'postgres', comment: 'PostgreSQL through postgres-exporter (pg_up, pg_stat_database_*, ...).' }],
  links: [httpLink('postgres-exporter', '/metrics')],
};

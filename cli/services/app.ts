// The gradebook service: the package's own bundle (dist/app) run by a stock Node image.
import path from 'node:path';
import { APP_JOB_NAME } from '../../server/metric-names.js';
import { packageRoot } from '../stack/package-paths.js';
import { healthCheck } from './health-check.js';
import { databaseUrl } from './postgres.js';
import { httpLink, type ServiceModule } from './service.js';

const PORT = 8000;

export const app: ServiceModule = {
  name: 'app',
  summary: 'the gradebook service under test: /students/, /metrics, /docs',
  port: { container: PORT, key: 'app', default: 8000 },
  // Node 20 is what the bundle targets (engines >= 20); slim: the app needs nothing else.
  image: { default: 'node:20-bookworm-slim', why: 'the Node major the bundle targets; slim, as the app needs nothing else' },
  // nodejs/docker-node 20/bookworm-slim Dockerfile: FROM debian:bookworm-slim, user node (1000)
  // created but no USER (root runs), ENTRYPOINT docker-entrypoint.sh; curl and wget are installed
  // for the download and purged again (`apt-mark auto` + `purge --auto-remove`).
  official: {
    source: 'github.com/nodejs/docker-node/blob/main/20/bookworm-slim/Dockerfile (FROM debian:bookworm-slim)',
    uid: 0,
    entrypoint: ['docker-entrypoint.sh'],
    paths: ['/usr/local/bin/node', '/usr/local/bin/docker-entrypoint.sh'],
    wget: 'none',
    curl: false,
    bash: true,
    healthBinaries: ['node'],
  },
  // Its API is what a class loads: public; /chaos stays behind the chaos token.
  whenExposed: 'public',
  localBuild: {
    context: 'app',
    // The host's own Node, so the app runs on exactly the runtime it was built and tested with.
    extraFiles: () => [{ name: 'node', source: process.execPath, mode: 0o755 }],
  },
  container: ({ config, addressOf }) => ({
    command: ['node', '/srv/app/server.mjs'],
    env: {
      // The URL without its password: the server reads that from a file (server/config.ts).
      DATABASE_URL: databaseUrl(addressOf('postgres'), 'postgres'),
      DATABASE_PASSWORD: { secret: 'postgresPassword', fileVariable: 'DATABASE_PASSWORD_FILE' },
      PORT: String(PORT),
      HOST: '0.0.0.0',
      CHAOS_TOKEN: { secret: 'chaosToken', fileVariable: 'CHAOS_TOKEN_FILE' },
      SEED: config.app.seed,
    },
    mounts: [{ kind: 'state', source: 'app', target: '/srv/app', readOnly: true }],
    // node, not wget: the official slim image has neither wget nor curl. A Node process takes
    // far longer to start than wget on a machine busy with a load test: 10 s, not 5.
    health: healthCheck(['node', '-e', `fetch('http://127.0.0.1:${PORT}/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`], { timeoutS: 10 }),
    dependsOn: ['postgres'],
  }),
  // Copied, not mounted from dist/, so a rebuild of the package never changes a running lab underneath it.
  staged: {
    source: () => path.join(packageRoot(), 'dist', 'app'),
    target: 'app',
    required: 'server.mjs',
    missingHint: 'Build it with `npm run build` (from a clone) or reinstall the package.',
  },
  scrape: [{ job: APP_JOB_NAME, comment: 'The gradebook service (prom-client metrics: http_requests_total, ...).' }],
  links: [httpLink('API', '/students/'), httpLink('API docs', '/docs')],
};

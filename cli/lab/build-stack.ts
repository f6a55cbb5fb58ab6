// Builds the stack description from the validated config: one ServiceSpec per service.
import type { LabConfig, ServiceName } from '../config/schema.js';
import { alertmanagerAccess } from '../stack/file-access.js';
import { CONTAINER_PORT as PORT, networkName, serviceAddress, type HealthSpec, type ServiceSpec, type StackSpec } from '../stack/model.js';

/** Data kept in the state folder instead of a volume (Alertmanager's, for non-root users); `down --volumes` removes it. */
export const STATE_DATA_DIRS = { alertmanager: 'data/alertmanager' } as const;

export const POSTGRES_USER = 'postgres';
export const POSTGRES_DB = 'gradebook';

export interface StackInputs {
  config: LabConfig;
  /** Image per service to include; services absent here are left out. */
  images: Partial<Record<ServiceName, string>>;
  /** Content hashes of what each service mounts from the state folder. */
  hashes: { app: string; prometheus: string; alertmanager: string; grafana: string };
}

const seconds = (s: number) => s * 1000;

/** Health check shape shared by every service: quick checks, a generous start period for slow first starts. */
function health(test: string[], startPeriodS = 60): HealthSpec {
  return { test: ['CMD', ...test], intervalMs: seconds(2), timeoutMs: seconds(5), startPeriodMs: seconds(startPeriodS), retries: 5 };
}

const wget = (port: number, urlPath: string) => health(['wget', '-q', '-O-', `http://127.0.0.1:${port}${urlPath}`]);

export function buildStack({ config, images, hashes }: StackInputs): StackSpec {
  const dbUrl = (scheme: string, query = '') => ({
    secret: 'postgresPassword' as const,
    prefix: `${scheme}://${POSTGRES_USER}:`,
    suffix: `@${serviceAddress('postgres')}/${POSTGRES_DB}${query}`,
  });
  const am = alertmanagerAccess();
  const all: ServiceSpec[] = [
    {
      name: 'postgres',
      image: '',
      env: { POSTGRES_USER, POSTGRES_DB, POSTGRES_PASSWORD: { secret: 'postgresPassword' } },
      ports: [{ container: PORT['postgres'], host: config.ports.postgres, configKey: 'ports.postgres' }],
      mounts: [{ kind: 'volume', name: 'postgres-data', target: '/var/lib/postgresql/data' }],
      // Over TCP: the image's init-time server listens only on the socket, so this is not ready during init.
      health: health(['pg_isready', '-h', '127.0.0.1', '-U', POSTGRES_USER, '-d', POSTGRES_DB]),
      dependsOn: [],
      filesHash: '',
    },
    {
      name: 'app',
      image: '',
      command: ['node', '/srv/app/server.mjs'],
      env: {
        DATABASE_URL: dbUrl('postgres'),
        PORT: String(PORT.app),
        HOST: '0.0.0.0',
        CHAOS_TOKEN: { secret: 'chaosToken' },
        SEED: config.app.seed,
      },
      ports: [{ container: PORT['app'], host: config.ports.app, configKey: 'ports.app' }],
      mounts: [{ kind: 'state', source: 'app', target: '/srv/app', readOnly: true }],
      health: health(['node', '-e', `fetch('http://127.0.0.1:${PORT.app}/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`]),
      dependsOn: ['postgres'],
      filesHash: hashes.app,
    },
    {
      name: 'postgres-exporter',
      image: '',
      env: { DATA_SOURCE_NAME: dbUrl('postgresql', '?sslmode=disable') },
      ports: [{ container: PORT['postgres-exporter'], host: config.ports.postgresExporter, configKey: 'ports.postgresExporter' }],
      mounts: [],
      health: wget(PORT['postgres-exporter'], '/metrics'),
      dependsOn: ['postgres'],
      filesHash: '',
    },
    {
      name: 'alertmanager',
      image: '',
      command: ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager'],
      env: {},
      ports: [{ container: PORT['alertmanager'], host: config.ports.alertmanager, configKey: 'ports.alertmanager' }],
      mounts: [
        { kind: 'state', source: 'config/alertmanager', target: '/etc/alertmanager', readOnly: true },
        am.dataInStateDir
          ? { kind: 'state', source: STATE_DATA_DIRS.alertmanager, target: '/alertmanager', readOnly: false }
          : { kind: 'volume', name: 'alertmanager-data', target: '/alertmanager' },
      ],
      health: wget(PORT['alertmanager'], '/-/ready'),
      dependsOn: [],
      user: am.user,
      filesHash: hashes.alertmanager,
    },
    {
      name: 'prometheus',
      image: '',
      command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--web.enable-lifecycle'],
      env: {},
      ports: [{ container: PORT['prometheus'], host: config.ports.prometheus, configKey: 'ports.prometheus' }],
      mounts: [
        { kind: 'state', source: 'config/prometheus', target: '/etc/prometheus', readOnly: true },
        { kind: 'volume', name: 'prometheus-data', target: '/prometheus' },
      ],
      health: wget(PORT['prometheus'], '/-/ready'),
      dependsOn: ['alertmanager'],
      filesHash: hashes.prometheus,
    },
    {
      name: 'grafana',
      image: '',
      env: {
        GF_SECURITY_ADMIN_USER: 'admin',
        GF_SECURITY_ADMIN_PASSWORD: { secret: 'grafanaPassword' },
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
      },
      ports: [{ container: PORT['grafana'], host: config.ports.grafana, configKey: 'ports.grafana' }],
      mounts: [
        { kind: 'volume', name: 'grafana-data', target: '/var/lib/grafana' },
        { kind: 'state', source: 'config/grafana/provisioning', target: '/etc/grafana/provisioning', readOnly: true },
        { kind: 'state', source: 'config/grafana/dashboards', target: '/var/lib/grafana/dashboards', readOnly: true },
      ],
      health: wget(PORT['grafana'], '/api/health'),
      dependsOn: ['prometheus'],
      filesHash: hashes.grafana,
    },
    {
      name: 'cadvisor',
      image: '',
      env: {},
      ports: [{ container: PORT['cadvisor'], host: config.ports.cadvisor, configKey: 'ports.cadvisor' }],
      mounts: [
        { kind: 'host', source: '/', target: '/rootfs', readOnly: true },
        { kind: 'host', source: '/var/run', target: '/var/run', readOnly: true },
        { kind: 'host', source: '/sys', target: '/sys', readOnly: true },
        { kind: 'host', source: '/var/lib/docker', target: '/var/lib/docker', readOnly: true },
      ],
      health: wget(PORT['cadvisor'], '/healthz'),
      dependsOn: [],
      privileged: true,
      filesHash: '',
    },
  ];
  const services = all
    .filter((s) => images[s.name])
    .map((s) => ({ ...s, image: images[s.name]!, dependsOn: s.dependsOn.filter((d) => images[d]) }));
  const volumes = [...new Set(services.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'volume' ? [m.name] : []))))];
  return { project: config.project, bindAddress: config.bindAddress, network: networkName(config.project), volumes, services };
}

/** Services grouped so that each group depends only on earlier groups (started together, in order). */
export function startOrder(services: ServiceSpec[]): ServiceSpec[][] {
  const done = new Set<string>();
  const levels: ServiceSpec[][] = [];
  let rest = [...services];
  while (rest.length) {
    const ready = rest.filter((s) => s.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle among ${rest.map((s) => s.name).join(', ')}`);
    levels.push(ready);
    ready.forEach((s) => done.add(s.name));
    rest = rest.filter((s) => !ready.includes(s));
  }
  return levels;
}

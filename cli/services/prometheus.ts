// Prometheus: scrapes every service's metrics, evaluates the lab's alert rules and receives
// `o11y load`'s client-side series by remote write.
import { renderRulesFile } from '../alerts/render.js';
import { HOST_GATEWAY } from '../targets/target-address.js';
import { renderPrometheusConfig } from './prometheus-config.js';
import { httpLink, type ServiceModule } from './service.js';
import { renderWebConfig, webAuthOn, webConfigFlag, webHealthCheck } from './web-auth.js';

const PORT = 9090;
const CONFIG_DIR = '/etc/prometheus';

export const prometheus: ServiceModule = {
  name: 'prometheus',
  summary: 'scrapes every service and evaluates the alert rules',
  port: { container: PORT, key: 'prometheus', default: 9090 },
  // 2.54 is the last 2.x line: same flags and config format as the Debian 2.42 tests run.
  image: { default: 'prom/prometheus:v2.54.1', why: 'the last 2.x line: the flags and config format of the Debian 2.42 the tests run' },
  // prometheus/prometheus v2.54.1 Dockerfile: FROM quay.io/prometheus/busybox, USER nobody,
  // /bin/prometheus as ENTRYPOINT, /prometheus (data) and /etc/prometheus owned by nobody.
  official: {
    source: 'github.com/prometheus/prometheus/blob/v2.54.1/Dockerfile (FROM quay.io/prometheus/busybox)',
    uid: 65534,
    entrypoint: ['/bin/prometheus'],
    paths: ['/bin/prometheus', '/bin/promtool', '/etc/prometheus/prometheus.yml', '/prometheus'],
    wget: 'busybox',
    curl: false,
    bash: false,
    // sh and grep: the health check behind the login (web-auth.ts); busybox applets there.
    healthBinaries: ['wget', 'sh', 'grep'],
  },
  localBuild: { context: 'prometheus' },
  // Its API can write series (remote write) and read everything: a login when exposed.
  whenExposed: 'web-login',
  container: (ctx) => ({
    command: [
      `--config.file=${CONFIG_DIR}/prometheus.yml`,
      '--storage.tsdb.path=/prometheus',
      // `o11y load` pushes its client-side series here (POST /api/v1/write) while it runs: no
      // listener on the host for a scrape to reach, the same on rootless and Docker Desktop.
      '--web.enable-remote-write-receiver',
      ...(webAuthOn(ctx) ? [webConfigFlag(CONFIG_DIR)] : []),
    ],
    env: {},
    mounts: [
      { kind: 'state', source: 'config/prometheus', target: CONFIG_DIR, readOnly: true },
      { kind: 'volume', name: 'prometheus-data', target: '/prometheus' },
    ],
    // The password it sends to itself and to Alertmanager (prometheus.yml's password_file).
    ...(webAuthOn(ctx) ? { secretFiles: ['webPassword' as const] } : {}),
    health: webHealthCheck(ctx, PORT, '/-/ready'),
    dependsOn: ['alertmanager'],
    // Your services on this machine (`o11y target add NAME http://localhost:…`): always there, so
    // adding the first one reloads Prometheus rather than recreating it. Docker 20.10+ maps
    // host-gateway to the host; Docker Desktop has the name natively.
    extraHosts: [`${HOST_GATEWAY}:host-gateway`],
  }),
  files: (ctx) => [renderPrometheusConfig(ctx, PORT), renderRulesFile(ctx.config), ...(webAuthOn(ctx) ? [renderWebConfig('prometheus', ctx.secrets)] : [])],
  scrape: [{ job: 'prometheus', comment: 'Prometheus itself.', self: true }],
  // SIGHUP through the engine, not the lifecycle API (/-/reload), which would let anyone who
  // reaches the port stop it (/-/quit): a new target or threshold keeps its data and its scrapes.
  reload: {
    signal: 'SIGHUP',
    successMetric: 'prometheus_config_last_reload_successful',
    timeMetric: 'prometheus_config_last_reload_success_timestamp_seconds',
  },
  links: [httpLink('Prometheus')],
};

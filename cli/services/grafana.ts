// Grafana: the lab's dashboards, with provisioned datasources (fixed uids) for Prometheus and Alertmanager.
import { renderGrafanaFiles } from '../grafana/render.js';
import { WEB_USER } from '../stack/exposure.js';
import { httpHealthCheck } from './health-check.js';
import { httpLink, type ServiceModule } from './service.js';
import { WEB_PASSWORD_FILE, webAuthOn } from './web-auth.js';

const PORT = 3000;

export const grafana: ServiceModule = {
  name: 'grafana',
  summary: 'provisioned dashboards and alert views',
  port: { container: PORT, key: 'grafana', default: 3000 },
  optional: { key: 'grafana', default: true },
  // 11.2: datasource `prune` (>= 11.1) and data-source-managed alert views.
  image: { default: 'grafana/grafana:11.2.0', why: 'datasource prune (>= 11.1) and data-source-managed alert views' },
  // grafana/grafana 11.x: Alpine base (busybox sh and wget), user grafana 472 (gid 0),
  // ENTRYPOINT /run.sh. Not re-read at v11.2.0 here: the values below are the strict side (no
  // curl, no bash), which is all a check of our health check needs.
  official: {
    source: 'github.com/grafana/grafana/blob/v11.2.0/Dockerfile (ARG BASE_IMAGE=alpine)',
    uid: 472,
    entrypoint: ['/run.sh'],
    paths: ['/etc/grafana/provisioning', '/var/lib/grafana'],
    wget: 'busybox',
    curl: false,
    bash: false,
    healthBinaries: ['wget'],
  },
  // What a class opens: its own login (admin), plus a read-only viewer made when exposed (grafana-viewer.ts).
  whenExposed: 'own-login',
  localBuild: { unavailable: 'Grafana is not packaged by Debian' },
  container: (ctx) => ({
    env: {
      GF_SECURITY_ADMIN_USER: 'admin',
      // Two underscores: Grafana's convention for reading any setting from a file.
      GF_SECURITY_ADMIN_PASSWORD: { secret: 'grafanaPassword', fileVariable: 'GF_SECURITY_ADMIN_PASSWORD__FILE' },
      GF_USERS_ALLOW_SIGN_UP: 'false',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
    },
    mounts: [
      { kind: 'volume', name: 'grafana-data', target: '/var/lib/grafana' },
      { kind: 'state', source: 'config/grafana/provisioning', target: '/etc/grafana/provisioning', readOnly: true },
      { kind: 'state', source: 'config/grafana/dashboards', target: '/var/lib/grafana/dashboards', readOnly: true },
    ],
    // Its datasources send the web login to Prometheus and Alertmanager when exposed.
    ...(webAuthOn(ctx) ? { secretFiles: ['webPassword' as const] } : {}),
    health: httpHealthCheck(PORT, '/api/health'),
    dependsOn: ['prometheus'],
  }),
  files: (ctx) =>
    renderGrafanaFiles(
      ctx.config,
      { prometheus: ctx.addressOf('prometheus'), alertmanager: ctx.addressOf('alertmanager') },
      webAuthOn(ctx) ? { user: WEB_USER, passwordFile: WEB_PASSWORD_FILE } : undefined,
    ),
  links: [httpLink('Grafana')],
};

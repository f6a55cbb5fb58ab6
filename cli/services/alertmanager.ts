// Alertmanager: routes the lab's alerts to Telegram (or to no one, when Telegram is not set up).
import { renderAlertmanagerFiles } from '../alerts/render.js';
import { secretReaderAccess } from '../stack/file-access.js';
import { STATE_DATA_DIR } from '../stack/model.js';
import { httpLink, type ServiceModule } from './service.js';
import { renderWebConfig, webAuthOn, webConfigFlag, webHealthCheck } from './web-auth.js';

const PORT = 9093;
const CONFIG_DIR = '/etc/alertmanager';
/** Its data, when kept in the state folder (not a volume): see file-access.ts. */
const DATA_DIR = `${STATE_DATA_DIR}/alertmanager`;

export const alertmanager: ServiceModule = {
  name: 'alertmanager',
  summary: 'routes alerts to Telegram',
  port: { container: PORT, key: 'alertmanager', default: 9093 },
  image: { default: 'prom/alertmanager:v0.27.0', why: 'telegram_configs with bot_token (and bot_token_file), as cli/alerts renders them' },
  // prometheus/alertmanager v0.27.0 Dockerfile: FROM quay.io/prometheus/busybox-linux-amd64,
  // USER nobody, /bin/alertmanager as ENTRYPOINT, /alertmanager the data folder (owned by nobody).
  official: {
    source: 'github.com/prometheus/alertmanager/blob/v0.27.0/Dockerfile (FROM quay.io/prometheus/busybox)',
    uid: 65534,
    entrypoint: ['/bin/alertmanager'],
    paths: ['/bin/alertmanager', '/bin/amtool', '/etc/alertmanager/alertmanager.yml', '/alertmanager'],
    wget: 'busybox',
    curl: false,
    bash: false,
    // sh and grep: the health check behind the login (web-auth.ts); busybox applets there.
    healthBinaries: ['wget', 'sh', 'grep'],
  },
  localBuild: { context: 'alertmanager' },
  // Its API takes alerts (they reach the owner's Telegram) and silences: a login when exposed.
  whenExposed: 'web-login',
  container: (ctx) => {
    const { host } = ctx;
    // Its config may hold the bot token (0600): who can read it depends on who runs o11y (file-access.ts).
    const access = secretReaderAccess(host);
    return {
      command: [`--config.file=${CONFIG_DIR}/alertmanager.yml`, '--storage.path=/alertmanager', ...(webAuthOn(ctx) ? [webConfigFlag(CONFIG_DIR)] : [])],
      env: {},
      mounts: [
        { kind: 'state', source: 'config/alertmanager', target: CONFIG_DIR, readOnly: true },
        access.dataInStateDir
          ? { kind: 'state', source: DATA_DIR, target: '/alertmanager', readOnly: false }
          : { kind: 'volume', name: 'alertmanager-data', target: '/alertmanager' },
      ],
      health: webHealthCheck(ctx, PORT, '/-/ready'),
      dependsOn: [],
      user: access.user,
    };
  },
  files: (ctx) => {
    const { config, secrets, host } = ctx;
    const owner = secretReaderAccess(host).chownTo;
    const files = renderAlertmanagerFiles(config, secrets).map((f) => (owner ? { ...f, owner } : f));
    return webAuthOn(ctx) ? [...files, renderWebConfig('alertmanager', secrets)] : files;
  },
  stateData: [DATA_DIR],
  scrape: [{ job: 'alertmanager', comment: 'Alertmanager itself (notifications sent and failed, per integration).' }],
  // A new chat id or template reloads it: alerts it holds (pending, silenced) are kept.
  reload: {
    signal: 'SIGHUP',
    successMetric: 'alertmanager_config_last_reload_successful',
    timeMetric: 'alertmanager_config_last_reload_success_timestamp_seconds',
  },
  links: [httpLink('Alertmanager')],
};

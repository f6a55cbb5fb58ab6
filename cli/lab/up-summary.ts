// What `up` tells the user once the lab is up, as data: how many containers changed, the URLs of
// what runs (and of what was left out, with why), the dashboards and where Grafana's password is
// when Grafana runs, and whether Telegram notifications are off.
import { telegramEnabled } from '../alerts/render-alertmanager.js';
import { secretsPath } from '../config/secrets.js';
import { dashboardLinks } from '../grafana/links.js';
import type { ServiceName } from '../services/index.js';
import type { UpActions } from './apply-plan.js';
import type { LeftOut } from './acquire-images.js';
import type { LoadedConfig } from './load-config.js';
import type { PreparedStack } from './prepare-stack.js';
import { type Exposure, exposure } from './exposure-table.js';
import { serviceUrls } from './service-urls.js';

export interface UpSummary {
  changed: number;
  /** Services that re-read their changed config files (no container changed). */
  reloaded: number;
  /** Containers an earlier run started that this one waited for. */
  waited: number;
  /** [label, URL] of each running service; a left-out one with why it is not running. */
  urls: string[][];
  leftOut: LeftOut;
  dashboards: string[][];
  /** Where Grafana's password is, when Grafana runs. */
  grafanaPasswordFile?: string;
  telegramOff: boolean;
  /** What other machines can reach and with which login; undefined when the lab is not exposed. */
  exposure?: Exposure;
}

export function upSummary(loaded: LoadedConfig, prepared: PreparedStack, actions: UpActions, services?: ServiceName[]): UpSummary {
  const done = Object.values(actions);
  // Only what this run manages (`--services app` starts no Grafana).
  const running = prepared.stack.services.map((s) => s.name).filter((name) => name in actions);
  const leftOut = prepared.images.leftOut.filter((l) => !services || services.includes(l.service));
  const urls = serviceUrls(loaded.config, running).map((u) => [u.label, u.url]);
  for (const l of leftOut) urls.push([serviceUrls(loaded.config, [l.service])[0]?.label ?? l.service, `not running: ${l.why}`]);
  const grafana = running.includes('grafana');
  const published = prepared.stack.services
    .filter((s) => running.includes(s.name))
    .flatMap((s) =>
      s.ports.map((p) => ({ service: s.name, hostIp: p.hostIp, port: p.host, webConfig: (s.command ?? []).some((a) => a.startsWith('--web.config.file')) })),
    );
  const exposed = exposure(published, secretsPath(loaded.stateDir));
  return {
    changed: done.filter((a) => a !== 'unchanged' && a !== 'wait' && a !== 'reload').length,
    reloaded: done.filter((a) => a === 'reload').length,
    waited: done.filter((a) => a === 'wait').length,
    urls,
    leftOut,
    dashboards: grafana ? dashboardLinks(loaded.config).map((l) => [l.title, l.url]) : [],
    ...(grafana ? { grafanaPasswordFile: secretsPath(loaded.stateDir) } : {}),
    telegramOff: running.includes('alertmanager') && !telegramEnabled(loaded.config, prepared.secrets),
    ...(exposed ? { exposure: exposed } : {}),
  };
}

// Grafana's files for the stack: datasource and dashboard provisioning (mounted at
// /etc/grafana/provisioning) and the dashboards themselves (mounted at /var/lib/grafana/dashboards).
// Templates under templates/grafana/ are parsed (comments kept); only config-driven values are set.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { LabConfig } from '../config/schema.js';
import { templatePath } from '../stack/package-paths.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { buildDashboards, dashboardFileContent } from './dashboards/index.js';

export const DATASOURCES_FILE = 'grafana/provisioning/datasources/o11y.yml';
export const DASHBOARD_PROVIDER_FILE = 'grafana/provisioning/dashboards/o11y.yml';
export const DASHBOARDS_DIR = 'grafana/dashboards';

/** host:port of each datasource's service on the lab's network. */
export interface DatasourceAddresses {
  prometheus: string;
  alertmanager: string;
}

/** The login Prometheus and Alertmanager ask for (an exposed lab): the user and the password's file in Grafana's container. */
export interface DatasourceLogin {
  user: string;
  passwordFile: string;
}

export function renderGrafanaFiles(config: LabConfig, addresses: DatasourceAddresses, login?: DatasourceLogin): RenderedFile[] {
  return [
    { path: DATASOURCES_FILE, content: renderDatasources(config, addresses, login) },
    { path: DASHBOARD_PROVIDER_FILE, content: readFileSync(templatePath('grafana', 'provisioning', 'dashboards', 'o11y.yml'), 'utf8') },
    ...buildDashboards(config).map(({ entry, json }) => ({ path: `${DASHBOARDS_DIR}/${entry.file}`, content: dashboardFileContent(json) })),
  ];
}

function renderDatasources(config: LabConfig, addresses: DatasourceAddresses, login?: DatasourceLogin): string {
  const doc = YAML.parseDocument(readFileSync(templatePath('grafana', 'provisioning', 'datasources', 'o11y.yml'), 'utf8'));
  const prometheus = (doc.get('datasources') as YAML.YAMLSeq<YAML.YAMLMap>).items.find((ds) => ds.get('type') === 'prometheus');
  if (!prometheus) throw new Error('templates/grafana/provisioning/datasources/o11y.yml has no prometheus datasource');
  // $__rate_interval is at least 4x this: it must be the real scrape interval or rates go blank.
  prometheus.setIn(['jsonData', 'timeInterval'], config.scrapeInterval);
  // Addresses come from the service modules, not from the template.
  for (const ds of (doc.get('datasources') as YAML.YAMLSeq<YAML.YAMLMap>).items) {
    const type = ds.get('type') as string;
    if (type !== 'prometheus' && type !== 'alertmanager') continue;
    ds.set('url', `http://${addresses[type]}`);
    if (login) {
      ds.set('basicAuth', true);
      ds.set('basicAuthUser', login.user);
      // Grafana reads the file when it provisions: the password is in no file of ours but the secrets file.
      ds.set('secureJsonData', doc.createNode({ basicAuthPassword: `$__file{${login.passwordFile}}` }));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

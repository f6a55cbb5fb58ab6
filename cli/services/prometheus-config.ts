// Renders prometheus.yml from templates/prometheus/prometheus.yml: the template is parsed
// (comments kept) and only the values o11y.yaml controls are set.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { LabConfig, ServiceName } from '../config/schema.js';
import { CONTAINER_PORT, serviceAddress } from '../stack/model.js';
import { templatePath } from '../stack/package-paths.js';
import type { RenderedFile } from '../stack/rendered-file.js';

/** Scrape job name -> the service it scrapes (job names are what dashboards and rules select on). */
const SCRAPED: Record<string, ServiceName> = {
  app: 'app',
  postgres: 'postgres-exporter',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  cadvisor: 'cadvisor',
};

export const PROMETHEUS_CONFIG_PATH = 'prometheus/prometheus.yml';

export function renderPrometheusConfig(config: LabConfig): RenderedFile {
  const doc = YAML.parseDocument(readFileSync(templatePath('prometheus', 'prometheus.yml'), 'utf8'));
  doc.setIn(['global', 'scrape_interval'], config.scrapeInterval);
  doc.setIn(['global', 'evaluation_interval'], config.evaluationInterval);
  const jobs = doc.get('scrape_configs') as YAML.YAMLSeq<YAML.YAMLMap>;
  if (!config.enabled.cadvisor) {
    jobs.items = jobs.items.filter((job) => job.get('job_name') !== 'cadvisor');
  }
  // Targets come from the stack's one table of in-network ports; the template names the jobs.
  for (const job of jobs.items) {
    const service = SCRAPED[job.get('job_name') as string];
    if (service === undefined) continue;
    // Prometheus scrapes itself on its own loopback.
    const target = service === 'prometheus' ? `localhost:${CONTAINER_PORT.prometheus}` : serviceAddress(service);
    job.setIn(['static_configs', 0, 'targets'], doc.createNode([target], { flow: true }));
  }
  doc.setIn(['alerting', 'alertmanagers', 0, 'static_configs', 0, 'targets'], doc.createNode([serviceAddress('alertmanager')], { flow: true }));
  return { path: PROMETHEUS_CONFIG_PATH, content: doc.toString({ lineWidth: 0 }) };
}

// Renders prometheus.yml from templates/prometheus/prometheus.yml: the template is parsed
// (comments kept) and only the values o11y.yaml controls are set.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { LabConfig } from '../config/schema.js';
import { templatePath } from './package-paths.js';
import type { RenderedFile } from './rendered-file.js';

export const PROMETHEUS_CONFIG_PATH = 'prometheus/prometheus.yml';

export function renderPrometheusConfig(config: LabConfig): RenderedFile {
  const doc = YAML.parseDocument(readFileSync(templatePath('prometheus', 'prometheus.yml'), 'utf8'));
  doc.setIn(['global', 'scrape_interval'], config.scrapeInterval);
  doc.setIn(['global', 'evaluation_interval'], config.evaluationInterval);
  const jobs = doc.get('scrape_configs') as YAML.YAMLSeq<YAML.YAMLMap>;
  if (!config.enabled.cadvisor) {
    jobs.items = jobs.items.filter((job) => job.get('job_name') !== 'cadvisor');
  }
  return { path: PROMETHEUS_CONFIG_PATH, content: doc.toString({ lineWidth: 0 }) };
}

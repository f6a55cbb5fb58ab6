// Renders prometheus.yml from templates/prometheus/prometheus.yml: the template is parsed
// (comments kept), the values o11y.yaml controls are set, and each service's scrape jobs added.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { templatePath } from '../stack/package-paths.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { HOST_GATEWAY, metricsUrl, scrapeEndpoint } from '../targets/target-address.js';
import type { RenderContext } from './service.js';
import { clientBasicAuth, webAuthOn } from './web-auth.js';

export const PROMETHEUS_CONFIG_PATH = 'prometheus/prometheus.yml';

export function renderPrometheusConfig(ctx: RenderContext, ownPort: number): RenderedFile {
  const { config, services, addressOf } = ctx;
  // Exposed: Prometheus and Alertmanager ask for the login, of Prometheus' own requests too.
  const login = webAuthOn(ctx) ? { basic_auth: clientBasicAuth() } : {};
  const doc = YAML.parseDocument(readFileSync(templatePath('prometheus', 'prometheus.yml'), 'utf8'));
  doc.setIn(['global', 'scrape_interval'], config.scrapeInterval);
  doc.setIn(['global', 'evaluation_interval'], config.evaluationInterval);
  const jobs = doc.createNode([]) as YAML.YAMLSeq;
  for (const service of services) {
    for (const scrape of service.scrape ?? []) {
      // Prometheus scrapes itself on its own loopback.
      const target = scrape.self ? `localhost:${ownPort}` : addressOf(service.name);
      const auth = service.whenExposed === 'web-login' ? login : {};
      const job = doc.createNode({ job_name: scrape.job, ...auth, static_configs: [{ targets: [target] }] }) as YAML.YAMLMap;
      job.commentBefore = ` ${scrape.comment}`;
      (job.getIn(['static_configs', 0, 'targets'], true) as YAML.YAMLSeq).flow = true;
      jobs.add(job);
    }
  }
  for (const [name, target] of Object.entries(config.targets)) jobs.add(targetJob(doc, name, target.url));
  doc.set('scrape_configs', jobs);
  const alertmanager = services.find((s) => s.name === 'alertmanager');
  doc.setIn(['alerting', 'alertmanagers', 0, 'static_configs', 0, 'targets'], doc.createNode(alertmanager ? [addressOf('alertmanager')] : [], { flow: true }));
  if (alertmanager && 'basic_auth' in login) doc.setIn(['alerting', 'alertmanagers', 0, 'basic_auth'], doc.createNode(login.basic_auth));
  return { path: PROMETHEUS_CONFIG_PATH, content: doc.toString({ lineWidth: 0 }) };
}

/** A scrape job for one of the user's services (`o11y target add`): its name is the job. */
function targetJob(doc: YAML.Document, name: string, url: string): YAML.YAMLMap {
  // As `o11y target add` and o11y.yaml's check read it: a URL without a path means /metrics.
  const at = scrapeEndpoint(metricsUrl(url));
  const job = doc.createNode({
    job_name: name,
    ...(at.scheme === 'https' ? { scheme: 'https' } : {}),
    metrics_path: at.metricsPath,
    ...(Object.keys(at.params).length ? { params: at.params } : {}),
    static_configs: [{ targets: [at.address] }],
  }) as YAML.YAMLMap;
  job.commentBefore = ` Your service ${name}: ${url}${at.onThisMachine ? ` (this machine, as ${HOST_GATEWAY})` : ''}. Set in o11y.yaml (targets:), by \`o11y target add\`.`;
  (job.getIn(['static_configs', 0, 'targets'], true) as YAML.YAMLSeq).flow = true;
  return job;
}

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import type { LabConfig } from '../../cli/config/schema.js';
import { renderServiceFiles, renderStackFiles } from '../../cli/lab/render-files.js';
import { SECRETS, testConfig } from '../support/stack-fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-promcfg-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('promtool is missing: install it with `apt-get install prometheus` (`npm test` installs it as root on Debian)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout}${e.stderr}`);
  }
}

const prometheusYml = (config: LabConfig) =>
  renderServiceFiles(config, SECRETS)
    .get('prometheus')!
    .find((f) => f.path === 'prometheus/prometheus.yml')!.content;

describe('rendered prometheus.yml', () => {
  it('passes `promtool check config`, with the rendered alert rules next to it', () => {
    const files = renderStackFiles(testConfig(), SECRETS);
    const prom = YAML.parse(files.find((f) => f.path === 'prometheus/prometheus.yml')!.content);
    assert.deepEqual(prom.rule_files, ['/etc/prometheus/alerts.yml']);
    // The container reads /etc/prometheus/alerts.yml; here the same file sits in a temp folder.
    writeFileSync(path.join(dir, 'alerts.yml'), files.find((f) => f.path === 'prometheus/alerts.yml')!.content);
    prom.rule_files = [path.join(dir, 'alerts.yml')];
    writeFileSync(path.join(dir, 'prometheus.yml'), YAML.stringify(prom));
    const out = promtool('check', 'config', path.join(dir, 'prometheus.yml'));
    assert.match(out, /SUCCESS/);
  });

  it('scrapes every service that has metrics, under the job names dashboards rely on', () => {
    const prom = YAML.parse(prometheusYml(testConfig()));
    const jobs = Object.fromEntries(
      prom.scrape_configs.map((j: { job_name: string; static_configs: Array<{ targets: string[] }> }) => [j.job_name, j.static_configs[0].targets]),
    );
    assert.deepEqual(jobs, {
      app: ['app:8000'],
      postgres: ['postgres-exporter:9187'],
      prometheus: ['localhost:9090'],
      alertmanager: ['alertmanager:9093'],
      node: ['node-exporter:9100'],
    });
    assert.deepEqual(prom.alerting.alertmanagers[0].static_configs[0].targets, ['alertmanager:9093']);
  });

  it('takes intervals from the config and adds cAdvisor only when enabled', () => {
    const config = testConfig((c) => {
      c.scrapeInterval = '15s';
      c.evaluationInterval = '30s';
      c.enabled.cadvisor = true;
    });
    const prom = YAML.parse(prometheusYml(config));
    assert.equal(prom.global.scrape_interval, '15s');
    assert.equal(prom.global.evaluation_interval, '30s');
    assert.ok(prom.scrape_configs.some((j: { job_name: string }) => j.job_name === 'cadvisor'));
  });

  it("scrapes each of the user's targets under its name: this machine through the host gateway, https and query kept; promtool accepts it", () => {
    const config = testConfig((c) => {
      c.targets = {
        shop: { url: 'http://localhost:3000/metrics' },
        api: { url: 'https://api.example.test:8443/actuator/prometheus?format=prometheus' },
        // written by hand without a path: /metrics, as `target add` and the docs say
        bare: { url: 'http://localhost:4000' },
      };
    });
    const prom = YAML.parse(prometheusYml(config));
    const job = (name: string) => prom.scrape_configs.find((j: { job_name: string }) => j.job_name === name);
    assert.deepEqual(job('shop'), { job_name: 'shop', metrics_path: '/metrics', static_configs: [{ targets: ['host.docker.internal:3000'] }] });
    assert.deepEqual(job('api'), {
      job_name: 'api',
      scheme: 'https',
      metrics_path: '/actuator/prometheus',
      params: { format: ['prometheus'] },
      static_configs: [{ targets: ['api.example.test:8443'] }],
    });
    assert.equal(job('bare').metrics_path, '/metrics');
    assert.match(prometheusYml(config), /# Your service shop: http:\/\/localhost:3000\/metrics \(this machine, as host.docker.internal\)/);
    prom.rule_files = [];
    writeFileSync(path.join(dir, 'targets.yml'), YAML.stringify(prom));
    assert.match(promtool('check', 'config', path.join(dir, 'targets.yml')), /SUCCESS/);
  });

  it('drops the node job when node-exporter is switched off', () => {
    const prom = YAML.parse(prometheusYml(testConfig((c) => (c.enabled.nodeExporter = false))));
    assert.ok(!prom.scrape_configs.some((j: { job_name: string }) => j.job_name === 'node'));
  });
});

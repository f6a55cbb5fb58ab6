// The Prometheus client against a real Prometheus listening on a non-default loopback address
// (127.0.0.2), as the lab does with bindAddress set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import YAML from 'yaml';
import { fetchTargets } from '../../cli/clients/prometheus-api.js';
import { startProcess, type RunningProcess } from '../support/child-process.js';
import { freePort } from '../support/free-port.js';
import { httpOk } from '../support/ready-check.js';

const HOST = '127.0.0.2';
let dir: string;
let port: number;
let prometheus: RunningProcess | undefined;
let url: string;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-prom-api-'));
  port = await freePort();
  url = `http://${HOST}:${port}`;
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    YAML.stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: [`${HOST}:${port}`] }] }] }),
  );
  prometheus = await startProcess(
    ['prometheus', `--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=${HOST}:${port}`],
    {
      ready: httpOk(`${url}/-/ready`),
    },
  );
});

after(async () => {
  await prometheus?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('fetchTargets lists the active scrape targets with job, instance and health', async () => {
  let targets = await fetchTargets(url);
  for (let i = 0; i < 50 && targets[0]?.health !== 'up'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    targets = await fetchTargets(url);
  }
  assert.deepEqual(
    targets.map(({ job, instance, health }) => ({ job, instance, health })),
    [{ job: 'prometheus', instance: `${HOST}:${port}`, health: 'up' }],
  );
  // When it was scraped, and how long that took (`o11y target ls`).
  assert.ok(Math.abs(Date.now() - (targets[0].lastScrapeMs ?? 0)) < 60_000, JSON.stringify(targets));
  assert.ok((targets[0].lastScrapeDurationS ?? -1) >= 0, JSON.stringify(targets));
});

test('fetchTargets fails with the reason when the answer is not a Prometheus success', async () => {
  // Same server, a path that is not the API: 404 and no JSON status.
  await assert.rejects(fetchTargets(`${url}/not-prometheus`), /Prometheus \/api\/v1\/targets failed: HTTP 404/);
});

test('fetchTargets says who is not answering', async () => {
  await assert.rejects(
    fetchTargets(`http://127.0.0.1:${port}`),
    new RegExp(`Prometheus at http://127\\.0\\.0\\.1:${port} is not answering \\(ECONNREFUSED\\)`),
  );
});

test('o11y alerts reaches Prometheus on the bindAddress from o11y.yaml', () => {
  assert.ok(existsSync('dist/cli/index.js'), 'the CLI is not built: run `npm run build` first');
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'o11y-alerts-bound-'));
  try {
    writeFileSync(path.join(cwd, 'o11y.yaml'), YAML.stringify({ bindAddress: HOST, ports: { prometheus: port } }));
    const res = spawnSync(process.execPath, [path.resolve('bin/o11y.js'), 'alerts', '--json'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(res.status, 0, res.stderr);
    const st = JSON.parse(res.stdout) as { rules: Array<{ name: string; error?: string }> };
    // This Prometheus has no rule files: every rule is reported as not loaded, not as a connection error.
    assert.deepEqual(
      st.rules.map((r) => r.name),
      ['HighRequestRate', 'HighLatencyP99', 'HighErrorRatio'],
    );
    assert.ok(st.rules.every((r) => /not loaded by Prometheus/.test(r.error ?? '')));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

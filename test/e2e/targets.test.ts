// `o11y target` against a real lab on Docker: a service on this machine added, checked from where
// Prometheus runs, scraped after a reload without a restart, listed and removed; a service only on
// 127.0.0.1, a web page and a wrong path refused with what to change, and nothing saved for them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import { downStack } from '../../cli/lab/down-stack.js';
import { startProcess } from '../support/child-process.js';
import { buildLocalImages, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { freePortBesides } from '../support/free-port.js';
import { assertBuilt, type CliResult, o11y, ok } from '../support/o11y-cli.js';
import { outputLine } from '../support/ready-check.js';

const project = `e2e-targets-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-targets-'));
const file = path.join(dir, 'o11y.yaml');
const UP = ['up', '--images', 'local', '--pull', 'never'];
let docker: Docker;
let ports: Record<string, number>;
/** docker0's address: what host.docker.internal (host-gateway) is from the lab's containers. */
let bridge: string;
const run = (args: string[]) => o11y(args, { cwd: dir });
const prom = async <T>(p: string): Promise<T> =>
  ((await (await fetch(`http://127.0.0.1:${ports.prometheus}${p}`, { signal: AbortSignal.timeout(10_000) })).json()) as { data: T }).data;
const jobs = async () => [...(await prom<{ yaml: string }>('/api/v1/status/config')).yaml.matchAll(/job_name: (\S+)/g)].map((m) => m[1]);
const failed = (res: CliResult, code: string) => {
  assert.equal(res.exitCode, 1, `${res.stdout}\n${res.stderr}`);
  assert.match(res.stderr, new RegExp(`Error \\[${code}\\]`));
  return res.stderr;
};

async function service(t: { after(fn: () => unknown): void }, host: string, mode?: '--html'): Promise<number> {
  const port = await freePortBesides(Object.values(ports));
  await startProcess([process.execPath, 'test/support/metrics-service.mjs', `${host}:${port}`, ...(mode ? [mode] : [])], {
    name: 'metrics-service',
    ready: outputLine(/listening on/),
    stopWith: t,
  });
  return port;
}

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  await buildLocalImages(dir);
  ports = await freeLabPorts();
  const gateway = ((await docker.getNetwork('bridge').inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string }> } }).IPAM?.Config?.[0]?.Gateway;
  assert.ok(gateway, "Docker's default bridge network has no gateway address: host-gateway has nothing to point at");
  bridge = gateway;
  writeFileSync(file, `# my course lab: keep this comment\n${YAML.stringify({ project, ports })}`);
  ok(await run(UP), 'o11y up');
});

after(async () => {
  await downStack(project, { volumes: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('o11y target on a running lab', { timeout: 10 * 60_000 }, () => {
  it('adds a service on this machine: checked from the lab, Prometheus reloaded without a restart, saved with the comments kept', async (t) => {
    const port = await service(t, bridge);
    const prometheus = (await projectObjects(docker, project)).containers.find((c) => c.service === 'prometheus')!;
    const startedAt = (await docker.getContainer(prometheus.id).inspect()).State.StartedAt;
    const res = ok(await run(['target', 'add', 'shop', `http://localhost:${port}/metrics`]), 'o11y target add shop');
    assert.match(res.stdout, /shop is up: \d+ series, scraped in [\d.]+ ms; saved in o11y.yaml \(targets\.shop\)/);
    assert.match(res.stdout, /client library: /);
    const saved = readFileSync(file, 'utf8');
    assert.ok(saved.startsWith('# my course lab: keep this comment\n'), saved);
    assert.deepEqual(YAML.parse(saved).targets, { shop: { url: `http://localhost:${port}/metrics` } });
    const after = (await projectObjects(docker, project)).containers.find((c) => c.service === 'prometheus')!;
    assert.equal(after.id, prometheus.id);
    assert.equal((await docker.getContainer(after.id).inspect()).State.StartedAt, startedAt, 'Prometheus was restarted');
    const up = await prom<{ result: Array<{ value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent('up{job="shop"}')}`);
    assert.equal(up.result[0]?.value[1], '1');
    const listed = JSON.parse(ok(await run(['target', 'ls', '--json']), 'o11y target ls --json').stdout) as Array<{
      name: string;
      state: string;
      series?: number;
    }>;
    assert.equal(listed.length, 1);
    assert.deepEqual([listed[0].name, listed[0].state], ['shop', 'up']);
    assert.ok((listed[0].series ?? 0) > 10, JSON.stringify(listed));
    assert.match(ok(await run(['target', 'ls']), 'o11y target ls').stdout, /shop\s+http:\/\/localhost:\d+\/metrics\s+up/);
  });

  it('a service listening on 127.0.0.1 only is refused, saying so and what to change; nothing is saved and Prometheus is put back', async (t) => {
    const port = await service(t, '127.0.0.1');
    const before = readFileSync(file, 'utf8');
    const err = failed(await run(['target', 'add', 'local-only', `http://127.0.0.1:${port}/metrics`]), 'O11Y_TARGET_UNREACHABLE');
    assert.match(err, /answers on this machine, but not from the lab's containers/);
    assert.match(err, /127\.0\.0\.1 only.*0\.0\.0\.0/s);
    assert.match(err, /Nothing was saved/);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.ok(!(await jobs()).includes('local-only'), 'Prometheus still scrapes the refused target');
  });

  it('a web page and a wrong path are refused for what they are', async (t) => {
    const page = await service(t, bridge, '--html');
    const before = readFileSync(file, 'utf8');
    assert.match(failed(await run(['target', 'add', 'page', `http://localhost:${page}/`]), 'O11Y_TARGET_NOT_METRICS'), /HTML page \("Shop"\)/);
    const metrics = await service(t, bridge);
    assert.match(failed(await run(['target', 'add', 'nope', `http://localhost:${metrics}/nope`]), 'O11Y_TARGET_UNREACHABLE'), /nothing at \/nope \(HTTP 404\)/);
    assert.equal(readFileSync(file, 'utf8'), before);
    const left = await jobs();
    assert.ok(!left.includes('page') && !left.includes('nope'), left.join(' '));
  });

  it('bad names and URLs are refused before anything is asked of the lab', async () => {
    const before = readFileSync(file, 'utf8');
    // Read live from its /metrics: a query would give the last self-scrape's value, seconds old.
    const reloadedAt = async () =>
      /^prometheus_config_last_reload_success_timestamp_seconds (\S+)$/m.exec(
        await (await fetch(`http://127.0.0.1:${ports.prometheus}/metrics`, { signal: AbortSignal.timeout(10_000) })).text(),
      )?.[1];
    const lastReload = await reloadedAt();
    assert.ok(lastReload, 'no reload time on Prometheus /metrics');
    assert.match(failed(await run(['target', 'add', 'prometheus', 'http://localhost:9999/metrics']), 'O11Y_TARGET_INVALID'), /lab's own services/);
    assert.match(failed(await run(['target', 'add', 'shop', 'http://localhost:9999/metrics']), 'O11Y_TARGET_INVALID'), /taken by another target/);
    assert.match(failed(await run(['target', 'add', 'other', 'localhost:9999/metrics']), 'O11Y_TARGET_INVALID'), /no scheme/);
    assert.match(failed(await run(['target', 'add', 'other', 'http://localhost:99999/metrics']), 'O11Y_TARGET_INVALID'), /out of range/);
    assert.equal(readFileSync(file, 'utf8'), before);
    assert.equal(await reloadedAt(), lastReload, 'Prometheus was reloaded for a refused name or URL');
  });

  it('rm stops the scrape (a reload, recorded: the next up has nothing to do); a second rm says there is no such target', async () => {
    ok(await run(['target', 'rm', 'shop']), 'o11y target rm shop');
    assert.ok(!(await jobs()).includes('shop'));
    const saved = readFileSync(file, 'utf8');
    assert.equal(YAML.parse(saved).targets, undefined);
    assert.ok(saved.startsWith('# my course lab: keep this comment\n'));
    assert.match(ok(await run(UP), 'o11y up after rm').stdout, /nothing changed/);
    assert.match(failed(await run(['target', 'rm', 'shop']), 'O11Y_NAME_UNKNOWN'), /no target "shop"/);
    assert.match(ok(await run(['target', 'ls']), 'o11y target ls').stdout, /No targets yet/);
  });
});

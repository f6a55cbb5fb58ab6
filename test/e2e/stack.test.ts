// End to end against the real Docker engine: `o11y up --images local --pull never` in a
// fresh project folder, then everything a user would check, then a clean teardown.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import { SERVICE_NAMES } from '../../cli/services/index.js';
import { LABEL } from '../../cli/stack/labels.js';
import { ensureSecrets, readSecrets } from '../../cli/config/secrets.js';
import { downStack } from '../../cli/lab/down-stack.js';
import type { UpPlan } from '../../cli/lab/up-plan.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { buildLocalImages, fileStatIn, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { assertBuilt, o11y, ok } from '../support/o11y-cli.js';

const project = `e2e-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-stack-'));
const stateDir = path.join(dir, '.o11y');
const UP = ['up', '--images', 'local', '--pull', 'never'];
let docker: Docker;
let ports: Record<string, number>;

const run = (args: string[], env?: Record<string, string>) => o11y(args, { cwd: dir, env });
const api = (p: string, init?: RequestInit) => fetch(`http://127.0.0.1:${ports.app}${p}`, { ...init, signal: AbortSignal.timeout(10_000) });

// Health checks and first scrapes take seconds to a minute on a busy engine.
const SETTLE = { timeoutMs: 90_000, intervalMs: 500 };

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  await buildLocalImages(dir);
  ports = await freeLabPorts();
  // Telegram configured (never contacted: no alert fires, and api_url is the container's own
  // loopback), so alertmanager.yml holds a token and is rendered 0600.
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project, ports, telegram: { chatId: -1001234567890, apiUrl: 'http://127.0.0.1:9' } }));
  ensureSecrets(stateDir, { telegramBotToken: '123456:e2e-fake-token' });
});

const composeProject = `${project}-compose`;
const composeDir = path.join(dir, 'rendered');
const compose = (args: string[]) =>
  execa('docker-compose', ['-p', composeProject, '--project-directory', composeDir, '-f', path.join(composeDir, 'compose.yaml'), ...args], { reject: false });

after(async () => {
  // Straight through the domain code, not the built CLI: cleanup must work even when dist/ does not.
  await downStack(project, { volumes: true });
  if (existsSync(composeDir)) await compose(['down', '--volumes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('o11y up/down/status on Docker', { timeout: 15 * 60_000 }, () => {
  it('up with a host port taken fails naming the port and its config key, and creates nothing', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(ports.prometheus, '127.0.0.1', r));
    try {
      const res = await run(UP);
      assert.notEqual(res.exitCode, 0);
      assert.match(res.stderr, new RegExp(`Port ${ports.prometheus} is already in use \\(prometheus`));
      assert.match(res.stderr, /ports\.prometheus/);
      assert.deepEqual((await projectObjects(docker, project)).containers, []);
    } finally {
      holder.close();
    }
  });

  it('up with Docker unreachable says so, honouring DOCKER_HOST, and exits non-zero', async () => {
    const res = await run(UP, { DOCKER_HOST: `unix://${path.join(dir, 'closed.sock')}` });
    assert.notEqual(res.exitCode, 0);
    assert.match(res.stderr, /Docker is not reachable at unix:\/\/.*closed\.sock/);
    assert.doesNotMatch(res.stderr, /unexpected error|at .*\.js:\d+/);
  });

  it('up --pull always with no registry answering names the image and both ways out, and creates nothing', async () => {
    // Every image points at a registry address on this host's loopback where nothing listens:
    // the pull fails like a dead registry would, and no traffic leaves the machine.
    const registry = `127.0.0.1:${await freePort()}`;
    const env: Record<string, string> = {};
    // Every service, so no pull can go anywhere but this dead loopback address.
    for (const service of SERVICE_NAMES) {
      env[`O11Y_IMAGE_${service.toUpperCase().replace(/-/g, '_')}`] = `${registry}/o11y-test/${service}:1`;
    }
    // --images config: the `up --images local` before it is remembered in o11y.yaml; this one is about registry images.
    const res = await run(['up', '--images', 'config', '--pull', 'always'], env);
    assert.notEqual(res.exitCode, 0);
    assert.match(res.stderr, new RegExp(`Cannot pull ${registry.replace(/\./g, '\\.')}/o11y-test/[a-z-]+:1 \\([a-z-]+\\): no registry answers`));
    assert.match(res.stderr, /images\.[a-z-]+ in o11y\.yaml \(or O11Y_IMAGE_[A-Z_]+\)/, 'the override way out');
    assert.match(res.stderr, /o11y images build.*o11y up --images local/, 'the local-build way out');
    assert.doesNotMatch(res.stderr, /unexpected error|at .*\.js:\d+/);
    assert.deepEqual((await projectObjects(docker, project)).containers, [], 'containers were left half-created');
  });

  let firstIds: Map<string, string>;

  it('up brings every service to healthy and leaves out Grafana with what to do', async () => {
    const res = ok(await run(UP), 'o11y up');
    // Said first, then in the URL table as not running, with the fix under it.
    assert.match(res.stdout, /^! grafana has no local build .*: left out \(how to add it: under the URLs\)$/m);
    assert.match(res.stdout, /^Grafana +not running: grafana has no local build/m);
    assert.match(res.stdout, /^ {2}! grafana: To run it: `docker load -i <file>`.*images\.grafana/m);
    assert.match(res.stdout, new RegExp(`API docs\\s+http://127\\.0\\.0\\.1:${ports.app}/docs`));
    const objects = await projectObjects(docker, project);
    assert.deepEqual(objects.containers.map((c) => c.service).sort(), ['alertmanager', 'app', 'node-exporter', 'postgres', 'postgres-exporter', 'prometheus']);
    for (const c of objects.containers) {
      const health = (await docker.getContainer(c.id).inspect()).State.Health?.Status;
      assert.equal(health, 'healthy', `${c.service} is ${health}`);
    }
    firstIds = new Map(objects.containers.map((c) => [c.service, c.id]));
  });

  it('no secret shows in `docker inspect` or `docker logs`: the services read them from 0400 files owned by their user', async () => {
    const secrets = Object.values(readSecrets(stateDir)).filter((v): v is string => typeof v === 'string' && v.length > 0);
    assert.ok(secrets.length >= 4, 'the secrets file holds the passwords and the token');
    for (const c of (await projectObjects(docker, project)).containers) {
      const container = docker.getContainer(c.id);
      const shown = JSON.stringify(await container.inspect());
      const logs = (await container.logs({ stdout: true, stderr: true, follow: false })).toString('utf8');
      for (const v of secrets) {
        assert.ok(!shown.includes(v), `docker inspect of ${c.service} shows a secret`);
        assert.ok(!logs.includes(v), `docker logs of ${c.service} show a secret`);
      }
    }
    const file = '/run/secrets/postgres-password';
    assert.deepEqual(await fileStatIn(docker, firstIds.get('postgres')!, file), { uid: 0, gid: 0, mode: 0o400 });
    assert.deepEqual(await fileStatIn(docker, firstIds.get('postgres-exporter')!, file), { uid: 65534, gid: 0, mode: 0o400 });
    assert.deepEqual(await fileStatIn(docker, firstIds.get('app')!, '/run/secrets/chaos-token'), { uid: 0, gid: 0, mode: 0o400 });
    // The exporter (nobody) read its file: it reaches the database with that password.
    const metrics = await (await fetch(`http://127.0.0.1:${ports.postgresExporter}/metrics`)).text();
    assert.match(metrics, /^pg_up 1$/m);
  });

  it('Alertmanager (running as nobody) reads its 0600 config holding the bot token', async () => {
    const file = path.join(stateDir, 'config', 'alertmanager', 'alertmanager.yml');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const status = (await (await fetch(`http://127.0.0.1:${ports.alertmanager}/api/v2/status`)).json()) as { config: { original: string } };
    assert.match(status.config.original, /telegram_configs/);
  });

  it('the API answers through its published 127.0.0.1 port, /docs included', async () => {
    const students = await api('/students/');
    assert.equal(students.status, 200);
    assert.ok(Array.isArray(await students.json()));
    assert.equal((await api('/docs')).status < 400, true);
  });

  it('Prometheus reports every target up', async () => {
    const jobs = await eventually(
      'all scrape targets up',
      async () => {
        const body = (await (await fetch(`http://127.0.0.1:${ports.prometheus}/api/v1/targets`)).json()) as {
          data: { activeTargets: Array<{ labels: { job: string }; health: string }> };
        };
        const t = body.data.activeTargets;
        return t.length >= 5 && t.every((x) => x.health === 'up') && t.map((x) => x.labels.job).sort();
      },
      SETTLE,
    );
    assert.deepEqual(jobs, ['alertmanager', 'app', 'node', 'postgres', 'prometheus']);
  });

  it('status --json matches: services healthy with their URLs, targets up', async () => {
    const res = ok(await run(['status', '--json']), 'o11y status --json');
    const st = JSON.parse(res.stdout) as {
      services: Array<{ service: string; state: string; health: string; url?: string; memoryBytes?: number; reason?: string }>;
      targets: Array<{ job: string; health: string }>;
    };
    const running = st.services.filter((s) => s.state === 'running');
    assert.deepEqual(running.map((s) => s.service).sort(), ['alertmanager', 'app', 'node-exporter', 'postgres', 'postgres-exporter', 'prometheus']);
    for (const s of running) assert.equal(s.health, 'healthy', s.service);
    assert.equal(st.services.find((s) => s.service === 'app')?.url, `http://127.0.0.1:${ports.app}/students/`);
    assert.ok((st.services.find((s) => s.service === 'postgres')?.memoryBytes ?? 0) > 0);
    assert.deepEqual(
      st.targets
        .filter((t) => t.health === 'up')
        .map((t) => t.job)
        .sort(),
      ['alertmanager', 'app', 'node', 'postgres', 'prometheus'],
    );
    // Grafana was left out by `up --images local`: status says so and why, not "missing".
    const grafana = st.services.find((s) => s.service === 'grafana');
    assert.equal(grafana?.state, 'left-out');
    assert.match(grafana?.reason ?? '', /no local build.*images\.grafana/);
    const text = ok(await run(['status']), 'o11y status');
    assert.match(text.stdout, /^grafana\s+left-out/m);
    assert.match(text.stdout, /! grafana has no local build/);
  });

  it('a second up recreates nothing', async () => {
    const res = ok(await run(UP), 'second o11y up');
    assert.match(res.stdout, /nothing changed/);
    const ids = new Map((await projectObjects(docker, project)).containers.map((c) => [c.service, c.id]));
    assert.deepEqual(ids, firstIds);
  });

  it('up --dry-run on the running lab plans nothing: every service kept, nothing to write, pull, check or remove', async () => {
    const plan = JSON.parse(ok(await run([...UP, '--dry-run', '--json']), 'o11y up --dry-run on the running lab').stdout) as UpPlan;
    assert.deepEqual(
      plan.services.filter((s) => s.action !== 'unchanged').map((s) => `${s.name}: ${s.action} ${s.why ?? ''}`),
      [],
    );
    assert.deepEqual([plan.files, plan.remove, plan.ports, plan.secrets], [[], [], [], []]);
    assert.ok(plan.images.every((i) => i.action === 'present'));
    assert.deepEqual([plan.network.action, ...new Set(plan.volumes.map((v) => v.action))], ['keep', 'keep']);
  });

  it('up --dry-run after a changed setting plans to reload only the service it affects, and changes none', async () => {
    const file = path.join(dir, 'o11y.yaml');
    const original = readFileSync(file, 'utf8');
    const rendered = path.join(stateDir, 'config', 'prometheus', 'prometheus.yml');
    const before = readFileSync(rendered, 'utf8');
    writeFileSync(file, YAML.stringify({ ...YAML.parse(original), scrapeInterval: '4s' }));
    try {
      const plan = JSON.parse(ok(await run([...UP, '--dry-run', '--json']), 'o11y up --dry-run after a change').stdout) as UpPlan;
      assert.deepEqual(
        plan.services.filter((s) => s.action !== 'unchanged').map((s) => [s.name, s.action, s.why]),
        [['prometheus', 'reload', 'its config files changed']],
      );
      assert.ok(
        plan.files.some((f) => f.path === rendered && f.action === 'update'),
        JSON.stringify(plan.files),
      );
      const text = ok(await run([...UP, '--dry-run']), 'o11y up --dry-run (text)');
      assert.match(text.stdout, /\n\d\s+prometheus\s+reload in place \(its config files changed\)/);
      assert.equal(readFileSync(rendered, 'utf8'), before, 'the dry run rewrote a rendered file');
      const ids = new Map((await projectObjects(docker, project)).containers.map((c) => [c.service, c.id]));
      assert.deepEqual(ids, firstIds);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('render beside the running lab renders its local images and warns about the shared name and ports', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-render-running-'));
    try {
      // A config that does not remember local images (as after `o11y up --images local` of an
      // older version): render still renders what the running lab runs.
      const config = YAML.parse(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'));
      writeFileSync(path.join(dir, 'render-check.yaml'), YAML.stringify({ ...config, localImages: false }));
      const res = ok(await run(['render', '--config', 'render-check.yaml', '--out', out]), 'o11y render while the lab runs');
      assert.match(res.stdout, /the running lab uses local images: rendering those/);
      assert.match(res.stdout, new RegExp(`the lab "${project}" is running, and this project has its name and ports`));
      const compose = YAML.parse(readFileSync(path.join(out, 'compose.yaml'), 'utf8')) as { services: Record<string, { image: string }> };
      for (const [name, s] of Object.entries(compose.services)) assert.match(s.image, /^o11y-local\//, `${name} would be pulled from a registry`);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(path.join(dir, 'render-check.yaml'), { force: true });
    }
  });

  // Seen in a trial: after a heavy load Docker's port forwarder for the app died (docker-proxy
  // <defunct>); the app answered inside its container, and status said "healthy".
  it('a published port that stops answering: status says so and fails, up restarts the container', async () => {
    const proxy = execFileSync('pgrep', ['-f', `docker-proxy .*-host-ip 127\\.0\\.0\\.1 -host-port ${ports.app} `], { encoding: 'utf8' })
      .trim()
      .split('\n')[0];
    assert.match(proxy, /^\d+$/, `no docker-proxy for port ${ports.app}: this test needs Docker's userland proxy (the default)`);
    // The lab's own port forwarder, which this test's lab created.
    process.kill(Number(proxy), 'SIGKILL');
    await eventually(
      'the app port to stop answering',
      async () =>
        !(await fetch(`http://127.0.0.1:${ports.app}/readyz`).then(
          () => true,
          () => false,
        )),
      { timeoutMs: 10_000 },
    );
    const status = await run(['status']);
    assert.equal(status.exitCode, 1, status.stdout);
    assert.match(status.stdout, new RegExp(`app runs, but http://127\\.0\\.0\\.1:${ports.app}/students/ does not answer from this machine`));
    const up = ok(await run(UP), 'o11y up after the port stopped answering');
    assert.match(up.stdout, /restarting app \(its published port did not answer from this machine\)/);
    assert.equal((await fetch(`http://127.0.0.1:${ports.app}/readyz`)).status, 200);
    ok(await run(['status']), 'o11y status after up');
  });

  it('up leaves alone a container with our project label but no service label, and names no "undefined"', async () => {
    const image = (await docker.getContainer(firstIds.get('app')!).inspect()).Image;
    const stranger = await docker.createContainer({ name: `${project}-stranger`, Image: image, Cmd: ['true'], Labels: { [LABEL.project]: project } });
    try {
      const res = ok(await run(UP), 'o11y up beside a stranger');
      assert.doesNotMatch(res.stdout, /undefined/);
      assert.ok(await stranger.inspect(), 'the stranger container is still there');
    } finally {
      await stranger.remove({ force: true });
    }
  });

  it('up of the same project with other secrets (another folder) refuses, naming the folder, and changes nothing', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-other-'));
    try {
      writeFileSync(path.join(other, 'o11y.yaml'), YAML.stringify({ project, ports }));
      // No secrets file there: refused before one of new passwords is written.
      const bare = await o11y(UP, { cwd: other });
      assert.notEqual(bare.exitCode, 0);
      assert.match(
        bare.stderr,
        new RegExp(`The lab "${project}" belongs to ${dir.replace(/[.]/g, '\\.')}, where its secrets file is; this folder has none\\. Nothing was written\\.`),
      );
      assert.ok(!existsSync(path.join(other, '.o11y', 'secrets.yaml')), 'a secrets file was written');
      // With secrets of its own (other passwords): refused too, naming the lab's folder.
      ensureSecrets(path.join(other, '.o11y'));
      const res = await o11y(UP, { cwd: other });
      assert.notEqual(res.exitCode, 0);
      assert.match(res.stderr, new RegExp(`The lab "${project}" was made with other passwords, from ${dir.replace(/[.]/g, '\\.')} \\(its secrets file\\)`));
      assert.match(res.stderr, /--project <name>/);
      const ids = new Map((await projectObjects(docker, project)).containers.map((c) => [c.service, c.id]));
      assert.deepEqual(ids, firstIds);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('moving a running service to a taken port fails before its container is touched', async () => {
    const holder = net.createServer();
    const taken = await freePort();
    await new Promise<void>((r) => holder.listen(taken, '127.0.0.1', r));
    const file = path.join(dir, 'o11y.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, YAML.stringify({ ...YAML.parse(original), ports: { ...ports, app: taken } }));
      const res = await run(UP);
      assert.notEqual(res.exitCode, 0);
      assert.match(res.stderr, new RegExp(`Port ${taken} is already in use \\(app`));
      assert.doesNotMatch(res.stdout, /recreating app/);
      const app = (await projectObjects(docker, project)).containers.find((c) => c.service === 'app');
      assert.equal(app?.id, firstIds.get('app'));
      assert.equal(app?.state, 'running');
    } finally {
      writeFileSync(file, original);
      holder.close();
    }
  });

  it('a changed setting of Prometheus is reloaded in place: same container, not restarted, its data kept, the setting in effect', async () => {
    type Answer = { data: { result: Array<{ value: [number, string] }>; yaml: string } };
    const prom = (q: string) =>
      fetch(`http://127.0.0.1:${ports.prometheus}${q}`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json() as Promise<Answer>);
    const startedAt = async () => (await docker.getContainer(firstIds.get('prometheus')!).inspect()).State.StartedAt;
    const startedBefore = await startedAt();
    // Samples of the app's scrapes older than the reload: still there after it.
    const oldest = async () =>
      Number((await prom(`/api/v1/query?query=${encodeURIComponent('min_over_time(timestamp(up{job="app"})[1h:5s])')}`)).data.result[0]?.value[1]);
    const firstSample = await oldest();
    assert.ok(firstSample > 0, 'no sample of the app before the reload');
    const config = YAML.parse(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'));
    writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ ...config, scrapeInterval: '3s' }));
    const res = ok(await run(UP), 'o11y up after a config change');
    assert.match(res.stdout, /reloading prometheus/);
    assert.doesNotMatch(res.stdout, /recreating|restarting/);
    const ids = new Map((await projectObjects(docker, project)).containers.map((c) => [c.service, c.id]));
    assert.deepEqual(ids, firstIds, 'a container was recreated');
    assert.equal(await startedAt(), startedBefore, 'Prometheus was restarted');
    const loaded = (await prom('/api/v1/status/config')).data.yaml;
    assert.match(loaded, /scrape_interval: 3s/);
    assert.ok((await oldest()) <= firstSample, 'samples from before the reload are gone');
    // Recorded: the next up has nothing to do; without the record (a run killed after writing the
    // files, before the signal) it reloads again rather than trusting the files.
    assert.match(ok(await run(UP), 'o11y up after the reload').stdout, /nothing changed/);
    rmSync(path.join(stateDir, 'loaded-config.json'));
    const again = ok(await run(UP), 'o11y up without the record');
    assert.match(again.stdout, /reloading prometheus/);
    assert.match(again.stdout, /reloading alertmanager/);
    // What users try first: a job added to the rendered file by hand, and Prometheus reloaded. up
    // puts the file back, says so and where the setting belongs, and Prometheus runs ours again.
    const rendered = path.join(stateDir, 'config', 'prometheus', 'prometheus.yml');
    const ours = readFileSync(rendered, 'utf8');
    const byHand = YAML.parse(ours);
    byHand.scrape_configs.push({ job_name: 'by-hand', static_configs: [{ targets: ['localhost:1'] }] });
    writeFileSync(rendered, YAML.stringify(byHand));
    await docker.getContainer(firstIds.get('prometheus')!).kill({ signal: 'SIGHUP' });
    await eventually(
      'Prometheus runs the hand-edited config',
      async () => /by-hand/.test((await prom('/api/v1/status/config')).data.yaml) || undefined,
      SETTLE,
    );
    const edited = ok(await run(UP), 'o11y up after a hand edit');
    assert.match(
      edited.stdout,
      /reloading prometheus \(prometheus\/prometheus\.yml was not as o11y\.yaml renders it \(edited by hand\?\): put back; set things in o11y\.yaml\)/,
    );
    assert.equal(readFileSync(rendered, 'utf8'), ours);
    assert.doesNotMatch((await prom('/api/v1/status/config')).data.yaml, /by-hand/);
  });

  it('a data row survives down and up', async () => {
    const name = `Survivor ${project}`;
    const created = await api('/students/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    assert.equal(created.status, 200);
    const { id } = (await created.json()) as { id: number };
    const down = ok(await run(['down']), 'o11y down');
    assert.match(down.stdout, /Data volumes kept/);
    const between = await projectObjects(docker, project);
    assert.deepEqual(between.containers, []);
    assert.deepEqual(between.networks, []);
    assert.ok(between.volumes.length > 0);
    ok(await run(UP), 'o11y up after down');
    const again = await api(`/students/${id}`);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { name: string }).name, name);
  });

  it("logs shows a service's output, prefixed with its name", async () => {
    const res = ok(await run(['logs', 'app', '-n', '20']), 'o11y logs app');
    assert.match(res.stdout, /^app \| .+/m);
  });

  it('a container an earlier, killed up started and that is not healthy yet: up says it waits for it, not "nothing changed"', async () => {
    // The state a SIGKILLed `up` leaves, made deterministic: the app container as `up` made it
    // (same config hash, its secret files), but healthy only 20 s after it starts (a busy machine takes seconds to reach `up`'s observation).
    const app = (await projectObjects(docker, project)).containers.find((c) => c.service === 'app')!;
    const old = docker.getContainer(app.id);
    const info = await old.inspect();
    const secretFiles = Buffer.concat(await ((await old.getArchive({ path: '/run/secrets' })) as unknown as Readable).toArray());
    await old.remove({ force: true });
    const healthyAt = Date.now() + 20_000;
    const again = await docker.createContainer({
      name: info.Name.slice(1),
      Image: info.Config.Image,
      Cmd: info.Config.Cmd,
      Env: info.Config.Env,
      Labels: info.Config.Labels,
      ExposedPorts: info.Config.ExposedPorts,
      Healthcheck: {
        Test: ['CMD', 'node', '-e', `process.exit(Date.now() > ${healthyAt} ? 0 : 1)`],
        Interval: 1e9,
        Timeout: 5e9,
        StartPeriod: 60e9,
        Retries: 3,
      },
      HostConfig: info.HostConfig,
      NetworkingConfig: { EndpointsConfig: { [`${project}_default`]: { Aliases: ['app'] } } },
    });
    await again.putArchive(secretFiles, { path: '/run' });
    await again.start();
    const res = ok(await run(UP), 'o11y up');
    assert.match(res.stdout, /waiting for app \(started by an earlier run, not healthy yet\)/);
    assert.match(res.stdout, /✔ app healthy in/);
    assert.match(res.stdout, /\(nothing changed, waited for 1 an earlier run started, /);
    assert.ok(Date.now() >= healthyAt, 'up returned before the app was healthy');
  });

  it('down --volumes leaves nothing of the project behind', async () => {
    const res = ok(await run(['down', '--volumes']), 'o11y down --volumes');
    assert.match(res.stdout, /removed volumes \(data deleted\)/);
    assert.deepEqual(await projectObjects(docker, project), { containers: [], networks: [], volumes: [] });
  });

  it('render writes a compose project that plain docker-compose runs', async () => {
    ok(await run(['render', '--images', 'local', '--out', composeDir]), 'o11y render');
    const up = await compose(['up', '-d']);
    assert.equal(up.exitCode, 0, `docker-compose up failed:\n${up.stderr}`);
    const ids = String((await compose(['ps', '-q'])).stdout)
      .split('\n')
      .filter(Boolean);
    assert.equal(ids.length, 6);
    await eventually(
      'every compose container healthy',
      async () => {
        const states = await Promise.all(ids.map(async (id) => (await docker.getContainer(id).inspect()).State.Health?.Status));
        return states.every((h) => h === 'healthy');
      },
      SETTLE,
    );
    assert.equal((await api('/students/')).status, 200);
    const down = await compose(['down', '--volumes']);
    assert.equal(down.exitCode, 0, down.stderr);
  });
});

// `o11y images build` against the real engine: it builds the six images (minutes from
// nothing, cached afterwards), a second run builds nothing, and each image behaves like
// the official one with the official image's env, args, ports and paths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { requireDocker } from '../support/docker.js';
import { eventually } from '../support/eventually.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';
import { createTestNetwork, docker, execIn, logsOf, publishedPort, removeTestObjects, runContainer, TEST_LABEL_VALUE } from '../support/test-containers.js';

const SERVICES = ['postgres', 'prometheus', 'alertmanager', 'postgres-exporter', 'app', 'node-exporter'];
const cwd = scratchDir('o11y-images-test');
const refs: Record<string, string> = {};
const name = (what: string) => `o11y-test-${what}-${TEST_LABEL_VALUE}`;

before(requireDocker);

after(async () => {
  await removeTestObjects();
  rmSync(cwd, { recursive: true, force: true });
});

describe('o11y images build', () => {
  test('builds the six images from Debian packages and says plainly what it cannot build', { timeout: 25 * 60_000 }, async () => {
    const res = await o11y(['images', 'build'], { cwd, timeoutMs: 25 * 60_000 });
    assert.equal(res.exitCode, 0, res.stdout + res.stderr);
    for (const service of SERVICES) assert.match(res.stdout, new RegExp(`✔ ${service}\\s+(built in|up to date)`), res.stdout);
    assert.match(res.stdout, /grafana\s+cannot be built here: Grafana is not packaged by Debian.*images\.grafana/);
    assert.match(res.stdout, /cadvisor\s+cannot be built here/);
  });

  test('a second build builds nothing and finishes in seconds', async () => {
    const res = await o11y(['images', 'build'], { cwd });
    assert.equal(res.exitCode, 0, res.stdout + res.stderr);
    assert.doesNotMatch(res.stdout, /building/);
    for (const service of SERVICES) assert.match(res.stdout, new RegExp(`✔ ${service}\\s+up to date`));
    assert.ok(res.ms < 20_000, `took ${res.ms} ms`);
  });

  test('images ls --json shows each local build present, with its source', async () => {
    const res = await o11y(['images', 'ls', '--json'], { cwd, env: { O11Y_IMAGE_GRAFANA: 'mirror.example/grafana:11.2.0' } });
    assert.equal(res.exitCode, 0, res.stderr);
    const rows = JSON.parse(res.stdout) as Array<{ service: string; source: string; localRef?: string; localPresent?: boolean; present: boolean }>;
    for (const service of SERVICES) {
      const row = rows.find((r) => r.service === service)!;
      assert.equal(row.localPresent, true, service);
      assert.match(row.localRef!, new RegExp(`^o11y-local/${service}:[0-9a-f]{12}$`));
      refs[service] = row.localRef!;
    }
    const grafana = rows.find((r) => r.service === 'grafana')!;
    assert.deepEqual([grafana.source, grafana.present, grafana.localRef], ['override', false, undefined]);
  });

  test('images ls names a local build used through an override as such', async () => {
    const res = await o11y(['images', 'ls', '--json'], { cwd, env: { O11Y_IMAGE_PROMETHEUS: refs.prometheus } });
    const row = (JSON.parse(res.stdout) as Array<{ service: string; source: string; present: boolean; image: string }>).find(
      (r) => r.service === 'prometheus',
    )!;
    assert.deepEqual([row.image, row.source, row.present], [refs.prometheus, 'local build', true]);
  });
});

describe('the local images behave like the official ones', () => {
  let network: string;
  before(async () => {
    assert.equal(Object.keys(refs).length, SERVICES.length, 'the build tests above must pass first');
    network = await createTestNetwork(name('net'));
  });

  test('postgres: initdb from POSTGRES_*, password login over TCP, pg_isready, `-c` args, clean fast stop', { timeout: 120_000 }, async () => {
    const pgc = await runContainer({
      image: refs.postgres,
      name: name('postgres'),
      network,
      env: { POSTGRES_USER: 'gb', POSTGRES_PASSWORD: 's3cret-pw', POSTGRES_DB: 'gradebook' },
      cmd: ['-c', 'max_connections=42'],
      publish: [5432],
    });
    const port = await publishedPort(pgc, 5432);
    const connect = (password: string) => new pg.Client({ host: '127.0.0.1', port, user: 'gb', password, database: 'gradebook' });
    const client = await eventually(
      'postgres accepting a password login',
      async () => {
        const c = connect('s3cret-pw');
        await c.connect();
        return c;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    try {
      const { rows } = await client.query<{ max_connections: string; current_user: string }>('select current_setting($1) as max_connections, current_user', [
        'max_connections',
      ]);
      assert.deepEqual(rows[0], { max_connections: '42', current_user: 'gb' });
    } finally {
      await client.end();
    }
    await assert.rejects(connect('wrong').connect(), /password authentication failed/);
    const ready = await execIn(pgc, ['pg_isready', '-h', '127.0.0.1', '-p', '5432']);
    assert.equal(ready.exitCode, 0, ready.output);
    const whoami = await execIn(pgc, ['psql', '-h', '127.0.0.1', '-U', 'gb', '-d', 'gradebook', '-tAc', 'select 1'], ['PGPASSWORD=s3cret-pw']);
    assert.equal(whoami.output.trim(), '1');

    await pgc.stop({ t: 20 });
    const state = (await pgc.inspect()).State;
    assert.equal(state.ExitCode, 0);
    assert.match(await logsOf(pgc), /database system is shut down/);
  });

  test('prometheus: /bin/prometheus as nobody with the official default args, /-/ready', { timeout: 120_000 }, async () => {
    const info = await docker.getImage(refs.prometheus).inspect();
    assert.deepEqual(info.Config.Entrypoint, ['/bin/prometheus']);
    assert.deepEqual(info.Config.Cmd, ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus']);
    assert.equal(info.Config.User, 'nobody');
    assert.ok('9090/tcp' in (info.Config.ExposedPorts ?? {}));
    const c = await runContainer({ image: refs.prometheus, name: name('prometheus'), publish: [9090] });
    await httpReady(await publishedPort(c, 9090), '/-/ready');
    assert.equal((await execIn(c, ['id', '-u'])).output.trim(), '65534');
    assert.equal((await execIn(c, ['sh', '-c', 'touch /prometheus/probe && echo ok'])).output.trim(), 'ok');
    assert.equal((await execIn(c, ['wget', '-qO-', 'http://localhost:9090/-/healthy'])).exitCode, 0);
  });

  test('alertmanager: /bin/alertmanager as nobody with the official default args, /-/ready', { timeout: 120_000 }, async () => {
    const info = await docker.getImage(refs.alertmanager).inspect();
    assert.deepEqual(info.Config.Entrypoint, ['/bin/alertmanager']);
    assert.deepEqual(info.Config.Cmd, ['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager']);
    assert.equal(info.Config.User, 'nobody');
    const c = await runContainer({ image: refs.alertmanager, name: name('alertmanager'), publish: [9093] });
    await httpReady(await publishedPort(c, 9093), '/-/ready');
    assert.equal((await execIn(c, ['amtool', '--version'])).exitCode, 0);
  });

  test('postgres-exporter: DATA_SOURCE_NAME to a postgres on the same network gives pg_up 1', { timeout: 120_000 }, async () => {
    const info = await docker.getImage(refs['postgres-exporter']).inspect();
    assert.deepEqual(info.Config.Entrypoint, ['/bin/postgres_exporter']);
    assert.equal(info.Config.User, 'nobody');
    await runContainer({ image: refs.postgres, name: name('exporter-db'), network, env: { POSTGRES_PASSWORD: 'pw-for-exporter' } });
    const c = await runContainer({
      image: refs['postgres-exporter'],
      name: name('exporter'),
      network,
      env: { DATA_SOURCE_NAME: `postgresql://postgres:pw-for-exporter@${name('exporter-db')}:5432/postgres?sslmode=disable` },
      publish: [9187],
    });
    const port = await publishedPort(c, 9187);
    await eventually('pg_up 1 on the exporter', async () => /^pg_up 1$/m.test(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()), {
      timeoutMs: 90_000,
      intervalMs: 250,
    });
  });

  // As quay.io/prometheus/node-exporter's Dockerfile: /bin/node_exporter, USER nobody, port 9100.
  test("node-exporter: /bin/node_exporter as nobody, the host's CPU and memory from a read-only /host/proc", { timeout: 60_000 }, async () => {
    const info = await docker.getImage(refs['node-exporter']).inspect();
    assert.deepEqual(info.Config.Entrypoint, ['/bin/node_exporter']);
    assert.equal(info.Config.User, 'nobody');
    assert.ok('9100/tcp' in (info.Config.ExposedPorts ?? {}));
    const c = await runContainer({
      image: refs['node-exporter'],
      name: name('node-exporter'),
      cmd: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys'],
      binds: ['/proc:/host/proc:ro', '/sys:/host/sys:ro'],
      publish: [9100],
    });
    const port = await publishedPort(c, 9100);
    await eventually(
      'node_cpu_seconds_total and node_memory_MemTotal_bytes',
      async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /^node_cpu_seconds_total\{/m.test(text) && /^node_memory_MemTotal_bytes \d/m.test(text);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });

  test("app: node on PATH is the host's Node version, WORKDIR /app", { timeout: 60_000 }, async () => {
    const info = await docker.getImage(refs.app).inspect();
    assert.equal(info.Config.WorkingDir, '/app');
    const c = await runContainer({ image: refs.app, name: name('app'), cmd: ['node', '-e', 'console.log(process.version, process.execPath, process.cwd())'] });
    await c.wait();
    assert.equal((await logsOf(c)).trim(), `${process.version} /usr/local/bin/node /app`);
  });
});

async function httpReady(port: number, path: string): Promise<void> {
  await eventually(`GET ${path} on 127.0.0.1:${port} answering 200`, async () => (await fetch(`http://127.0.0.1:${port}${path}`)).ok, {
    timeoutMs: 60_000,
    intervalMs: 250,
  });
}

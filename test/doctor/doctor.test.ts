// `o11y doctor` against the real engine, and against a DOCKER_HOST where nothing listens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { o11y, scratchDir } from '../support/o11y-cli.js';
import { ensureDockerRunning } from '../../cli/doctor/start-docker.js';
import YAML from 'yaml';
import { freeLabPorts, requireDocker } from '../support/docker.js';
import { ROOT } from '../support/o11y-cli.js';
import { ensureSecrets, secretsPath, tightenSecrets } from '../../cli/config/secrets.js';

interface Report {
  ok: boolean;
  checks: Array<{ id: string; status: string; detail: string; fix?: string }>;
}

const cwd = scratchDir('o11y-doctor-test');
before(requireDocker);
after(() => rmSync(cwd, { recursive: true, force: true }));

const byId = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;

test('doctor --json with the running daemon: every Docker check passes, every check has a line', async () => {
  // --offline: tests never ask a registry.
  const res = await o11y(['doctor', '--json', '--offline'], { cwd });
  const report = JSON.parse(res.stdout) as Report;
  for (const id of ['docker-installed', 'docker-daemon', 'docker-socket', 'disk']) {
    assert.equal(byId(report, id).status, 'ok', JSON.stringify(byId(report, id)));
  }
  for (const id of ['ports', 'image:app', 'image:postgres', 'image:prometheus', 'image:alertmanager', 'image:postgres-exporter', 'image:grafana', 'telegram']) {
    assert.ok(byId(report, id), `missing check ${id}`);
  }
  for (const c of report.checks.filter((c) => c.status === 'warn' || c.status === 'fail')) assert.ok(c.fix, `${c.id} has no fix`);
  // A fresh folder has no Telegram setup: a warning with the way to set it up, not a failure.
  assert.equal(byId(report, 'telegram').status, 'warn');
  assert.match(byId(report, 'telegram').fix!, /o11y init/);
  assert.equal(res.exitCode, report.ok ? 0 : 1);
});

test('doctor with DOCKER_HOST at a closed socket: the daemon check fails with its fix, exit code 1', async () => {
  const res = await o11y(['doctor', '--json', '--offline'], { cwd, env: { DOCKER_HOST: `unix:///tmp/o11y-no-docker-${process.pid}.sock` } });
  assert.equal(res.exitCode, 1);
  const report = JSON.parse(res.stdout) as Report;
  assert.equal(report.ok, false);
  const daemon = byId(report, 'docker-daemon');
  assert.equal(daemon.status, 'fail');
  assert.match(daemon.detail, /not reachable at unix:\/\/\/tmp\/o11y-no-docker-\d+\.sock/);
  assert.match(daemon.fix!, /DOCKER_HOST/);
  assert.equal(byId(report, 'images').status, 'skip');
});

test('doctor in a terminal-less run prints one line per check and a fix under each problem', async () => {
  const res = await o11y(['doctor', '--offline'], { cwd, env: { DOCKER_HOST: `unix:///tmp/o11y-no-docker-${process.pid}.sock` } });
  assert.equal(res.exitCode, 1);
  assert.match(res.stdout, /^✖ Docker daemon reachable: .*\n\s+fix: /m);
  assert.match(res.stdout, /1 check\(s\) failed/);
});

test('ensureDockerRunning leaves a running daemon alone', async () => {
  assert.deepEqual(await ensureDockerRunning({ stateDir: cwd }), { how: 'already-running' });
});

// Starting a real second daemon here would share the host's network with the first one
// (dockerd with --bridge=none deletes docker0), so the start path is not run in tests.
test('doctor --fix does not start a daemon for a DOCKER_HOST that names another socket', async () => {
  const res = await o11y(['doctor', '--fix', '--yes', '--offline'], { cwd, env: { DOCKER_HOST: `unix:///tmp/o11y-no-docker-${process.pid}.sock` } });
  assert.equal(res.exitCode, 1);
  assert.match(res.stderr, /--fix cannot help with: Docker daemon reachable/);
  assert.doesNotMatch(res.stderr, /starting/);
});

test('a host port taken by something else fails the ports check, naming the config key', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const port = (holder.address() as net.AddressInfo).port;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-doctor-ports-'));
  try {
    writeFileSync(path.join(dir, 'o11y.yaml'), `ports:\n  app: ${port}\n`);
    const res = await o11y(['doctor', '--json', '--offline'], { cwd: dir });
    const ports = byId(JSON.parse(res.stdout) as Report, 'ports');
    assert.equal(ports.status, 'fail');
    assert.match(ports.detail, new RegExp(`${port} \\(ports\\.app\\)`));
    assert.match(ports.fix!, /o11y\.yaml/);
    assert.equal(res.exitCode, 1);
  } finally {
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid o11y.yaml is the first check, failed with its fix, and the other checks still run', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-doctor-config-'));
  try {
    writeFileSync(path.join(dir, 'o11y.yaml'), 'ports:\n  app: 70000\n');
    const res = await o11y(['doctor', '--json', '--offline'], { cwd: dir });
    assert.equal(res.exitCode, 1);
    const report = JSON.parse(res.stdout) as Report;
    assert.equal(report.ok, false);
    assert.equal(report.checks[0].id, 'config');
    assert.equal(report.checks[0].status, 'fail');
    assert.match(report.checks[0].detail, /ports\.app must be a port number/);
    assert.match(report.checks[0].fix!, /o11y init/);
    // The rest ran on the defaults: the ports check names the default app port.
    assert.equal(byId(report, 'docker-daemon').status, 'ok');
    assert.match(byId(report, 'ports').detail, /8000/);
    assert.ok(byId(report, 'telegram'));

    // Unknown keys and broken YAML: the hint of the error is the fix.
    writeFileSync(path.join(dir, 'o11y.yaml'), 'prots:\n  app: 1\n');
    const text = await o11y(['doctor', '--offline'], { cwd: dir });
    assert.match(text.stdout, /^✖ Config valid: .*unknown setting "prots".*\n\s+fix: Did you mean "ports"\?/);
    assert.match(text.stdout, /^✔ Docker daemon reachable/m);
    writeFileSync(path.join(dir, 'o11y.yaml'), 'ports: [\n');
    const yaml = byId(JSON.parse((await o11y(['doctor', '--json', '--offline'], { cwd: dir })).stdout) as Report, 'config');
    assert.match(yaml.detail, /is not valid YAML: [^\n]*; the checks below use the defaults$/);
    assert.match(yaml.fix!, /o11y init/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('doctor --config reads the named config file; a missing one fails the config check', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-doctor-c-'));
  try {
    writeFileSync(path.join(dir, 'lab.yaml'), 'project: elsewhere\n');
    const good = JSON.parse((await o11y(['doctor', '--json', '--offline', '--config', 'lab.yaml'], { cwd: dir })).stdout) as Report;
    assert.equal(byId(good, 'config').status, 'ok');
    assert.match(byId(good, 'config').detail, /lab\.yaml loads/);
    const missing = await o11y(['doctor', '--json', '--offline', '--config', 'nope.yaml'], { cwd: dir });
    assert.equal(missing.exitCode, 1);
    const config = byId(JSON.parse(missing.stdout) as Report, 'config');
    assert.equal(config.status, 'fail');
    assert.match(config.detail, /nope\.yaml does not exist/);
    assert.match(config.fix!, /o11y init/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Seen in a trial: a secrets file made world-readable went unnoticed by up, status and doctor.
test('a secrets file other users can read fails its check with the chmod; up makes it 0600 again (tightenSecrets)', async () => {
  const dir = scratchDir('o11y-doctor-secrets');
  try {
    ensureSecrets(path.join(dir, '.o11y'));
    const file = secretsPath(path.join(dir, '.o11y'));
    chmodSync(file, 0o644);
    const res = await o11y(['doctor', '--json', '--offline'], { cwd: dir });
    const check = byId(JSON.parse(res.stdout) as Report, 'secrets-mode');
    assert.equal(check.status, 'fail');
    assert.match(check.detail, /mode 0644: other users of this machine can read the passwords/);
    assert.match(check.fix ?? '', /chmod 600 .*secrets\.yaml/);
    assert.equal(res.exitCode, 1);
    assert.equal(tightenSecrets(path.join(dir, '.o11y')), 0o644);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(tightenSecrets(path.join(dir, '.o11y')), undefined);
    assert.equal(byId(JSON.parse((await o11y(['doctor', '--json', '--offline'], { cwd: dir })).stdout) as Report, 'secrets-mode').status, 'ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('doctor with the local engine not running: the fix is `doctor --fix` (sudo when not root) or systemctl, never "run o11y doctor"', () => {
  // The machine's engine hidden (empty /run in a private mount namespace), DOCKER_HOST unset: as a user without Docker sees it.
  const env = { ...process.env, NO_COLOR: '1' } as NodeJS.ProcessEnv;
  delete env.DOCKER_HOST;
  const cmd = `mount -t tmpfs none /run && exec '${process.execPath}' '${path.join(ROOT, 'bin', 'o11y.js')}' doctor --offline --json`;
  const res = spawnSync('unshare', ['--mount', 'sh', '-c', cmd], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(res.status, 1, res.stderr);
  const daemon = byId(JSON.parse(res.stdout) as Report, 'docker-daemon');
  assert.equal(daemon.status, 'fail');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  assert.ok(daemon.fix!.startsWith(`\`${sudo}o11y doctor --fix\` installs (Debian/Ubuntu) and starts it`), daemon.fix);
  assert.match(daemon.fix!, /`o11y up` offers the same fix/);
  assert.doesNotMatch(daemon.fix!, /`o11y doctor` checks/);
});

test('images up would have to build (no registry asked): not "All checks passed", but that up will ask; Grafana says how to add it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-doctor-images-'));
  try {
    writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project: `doctor-${process.pid}`, ports: await freeLabPorts() }));
    const res = await o11y(['doctor', '--offline'], { cwd: dir });
    assert.equal(res.exitCode, 0, res.stdout + res.stderr);
    // The official images are not on this engine and --offline asks no registry: up would stop at its question.
    assert.match(res.stdout, /^! Image for postgres: .*cannot be pulled.*\n\s+fix: `o11y up` (asks to use the local builds|will ask to build it here)/m);
    assert.match(res.stdout, /\nNo check failed, but `o11y up` will ask about the images above/);
    assert.doesNotMatch(res.stdout, /All checks passed/);
    assert.match(res.stdout, /^! Image for grafana: .*\n\s+fix: With local images the lab runs without grafana\. To have it: `docker load -i <file>`/m);

    // Once local images are remembered, the image checks follow them and up asks nothing.
    writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project: `doctor-${process.pid}`, ports: await freeLabPorts(), localImages: true }));
    const local = await o11y(['doctor', '--offline'], { cwd: dir });
    assert.match(local.stdout, /^✔ Image for postgres: local build o11y-local\/postgres:\w+ \(o11y\.yaml: localImages: true\)/m);
    assert.doesNotMatch(local.stdout, /will ask about the images/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

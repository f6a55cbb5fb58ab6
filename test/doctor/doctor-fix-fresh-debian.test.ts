// `o11y doctor --fix --yes` on a fresh Debian machine: a throwaway container from the local
// Debian base image (no Docker in it, no systemd), with this package and the host's node mounted
// read-only. --fix must install docker.io + debootstrap from the container's own apt sources,
// start dockerd in the background, and the re-check must reach it; a second run has nothing to do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { planImages } from '../../cli/images/local-images.js';
import { buildLocalImages, requireDocker } from '../support/docker.js';
import { ROOT, assertBuilt } from '../support/o11y-cli.js';
import { TEST_LABEL } from '../support/test-containers.js';

interface Report {
  ok: boolean;
  checks: Array<{ id: string; status: string; detail: string }>;
}

// What the npm package ships, plus its dependencies: the CLI runs as installed, not from the sources.
const PACKAGE = ['bin', 'dist', 'node_modules', 'package.json', 'templates', 'grafana', 'images'];
const LAB = '/lab';
const DOCKER_CHECKS = ['docker-installed', 'docker-daemon', 'docker-socket'];

let docker: Docker;
let container: Docker.Container | undefined;

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  // On a fresh machine the base image is built here (a no-op when up to date), through the product.
  await buildLocalImages();
  // The product's own name for its Debian base image (content-tagged), so this is the image `o11y images build` made.
  const base = (await planImages()).base;
  if (!base.present) throw new Error(`o11y images build did not leave the local Debian image ${base.ref}`);
  try {
    container = await docker.createContainer({
      Image: base.ref,
      Cmd: ['sleep', 'infinity'],
      WorkingDir: LAB,
      Labels: { [TEST_LABEL]: `doctor-fix-${process.pid}` },
      HostConfig: {
        // Its own network namespace, never the host's: the inner dockerd sets up docker0 and iptables there.
        NetworkMode: 'bridge',
        Binds: [`${process.execPath}:/usr/local/bin/node:ro`, ...PACKAGE.map((p) => `${path.join(ROOT, p)}:/repo/${p}:ro`)],
        // What dockerd needs of --privileged: every capability, no seccomp/AppArmor confinement. --privileged
        // itself fails on this VM ("unable to apply caps": its bounding set lacks CAP_SYS_RESOURCE, which dockerd does not need).
        CapAdd: ['ALL'],
        CapDrop: ['SYS_RESOURCE'],
        SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      },
    });
    await container.start();
  } catch (err) {
    throw new Error(
      `could not start a container with all capabilities from ${base.ref} (${(err as Error).message}): run this test against a Docker engine that allows them (as root, without a restrictive security profile)`,
    );
  }
});

after(async () => {
  // Takes the inner dockerd and all it made with it (it picks vfs, as overlay on the container's overlay root fails).
  await container?.remove({ force: true, v: true });
});

/** Runs a command as root in the container's scratch folder; stdout and stderr apart, as a user sees them. */
async function run(cmd: string[], env: string[] = []): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const exec = await container!.exec({ Cmd: cmd, Env: ['NO_COLOR=1', ...env], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = collect();
  const err = collect();
  docker.modem.demuxStream(stream, out.sink, err.sink);
  await new Promise((resolve) => stream.on('end', resolve));
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, stdout: out.text(), stderr: err.text() };
}

const o11yIn = (args: string[], env: string[] = []) => run(['node', '/repo/bin/o11y.js', ...args], env);

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
  return { sink, text: () => Buffer.concat(chunks).toString() };
}

const shown = (res: { exitCode: number; stdout: string; stderr: string }) =>
  `exit ${res.exitCode}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr.slice(-4000)}`;

test('doctor --fix --yes on a fresh Debian machine: installs Docker with apt, starts dockerd, and the re-check passes', { timeout: 180_000 }, async () => {
  // As `sudo o11y doctor --fix` runs it: root, with the invoking user in SUDO_UID/SUDO_GID.
  const res = await o11yIn(['doctor', '--fix', '--yes', '--offline'], ['SUDO_UID=4242', 'SUDO_GID=4243']);
  assert.equal(res.exitCode, 0, shown(res));
  // The plan comes first, then what it runs; no systemd in a container, so dockerd in the background.
  assert.match(res.stderr, /^doctor --fix will:\n {2}- apt-get install -y docker\.io debootstrap\n {2}- start the Docker daemon /m);
  assert.match(res.stderr, /^\$ apt-get update\n/m);
  assert.match(res.stderr, /^\$ apt-get install -y docker\.io debootstrap\n/m);
  const logPath = `${LAB}/.o11y/logs/dockerd.log`;
  assert.ok(res.stderr.includes(`starting /usr/sbin/dockerd in the background (log: ${logPath})`), shown(res));
  assert.match(res.stderr, new RegExp(`^dockerd is running \\(pid \\d+, log ${logPath}\\)$`, 'm'));
  // apt's progress went to stderr: stdout is just the checks, after the fix.
  assert.match(res.stdout, /^✔ Config valid: /);
  assert.match(res.stdout, /^✔ Docker installed: .*\/usr\/sbin\/dockerd$/m);
  assert.match(res.stdout, /^✔ Docker daemon reachable: Docker .* at unix:\/\/\/var\/run\/docker\.sock$/m);
  assert.match(res.stdout, /^✔ Docker socket permission: /m);
  // No registry asked (--offline) and no image yet: up will ask to build them, and doctor says so.
  assert.match(res.stdout, /^No check failed, but `o11y up` will ask about the images above/m);
  // The log the user is pointed at is the daemon's own, and it is serving the default socket.
  const logText = (await run(['cat', logPath])).stdout;
  assert.match(logText, /API listen on \/var\/run\/docker\.sock/);
  // What sudo made in the project belongs to the user, so their next `o11y up` can write there.
  const owners = await run(['stat', '-c', '%u:%g %n', `${LAB}/.o11y`, `${LAB}/.o11y/logs`, logPath, `${LAB}/.o11y/logs/dockerd.pid`]);
  assert.deepEqual(
    owners.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]),
    ['4242:4243', '4242:4243', '4242:4243', '4242:4243'],
    owners.stdout,
  );
});

test('a second doctor --fix --yes has nothing to do, and --json reports the Docker checks ok', { timeout: 60_000 }, async () => {
  const res = await o11yIn(['doctor', '--fix', '--yes', '--offline', '--json']);
  assert.equal(res.exitCode, 0, shown(res));
  assert.match(res.stderr, /Nothing for --fix to do here\./);
  assert.doesNotMatch(res.stderr, /apt-get|starting/);
  const report = JSON.parse(res.stdout) as Report;
  assert.equal(report.ok, true);
  for (const id of DOCKER_CHECKS) {
    const check = report.checks.find((c) => c.id === id);
    assert.equal(check?.status, 'ok', JSON.stringify(check));
  }
});

test('dockerd killed and its pid reused (a crash, a container restart, a session ended): --fix removes the stale pid files and starts it again', {
  timeout: 120_000,
}, async () => {
  const pidsOf = async (cmd: string) => (await run(['sh', '-c', cmd])).stdout.trim();
  const dockerd = await pidsOf('cat /var/run/docker.pid');
  const containerd = await pidsOf('cat /var/run/docker/containerd/containerd.pid');
  assert.ok(/^\d+$/.test(dockerd) && /^\d+$/.test(containerd), `the daemon --fix started left no pid files: ${dockerd} ${containerd}`);
  // As a session's end or an OOM kill does it: no chance to remove their pid files.
  await run(['sh', '-c', `kill -9 ${dockerd} ${containerd}`]);
  // A process that got a dead daemon's pid: dockerd refuses to start while its pid file names any live process.
  const other = await pidsOf('sleep 300 >/dev/null 2>&1 & echo $!');
  await run(['sh', '-c', `echo ${other} > /var/run/docker.pid; echo ${other} > /var/run/docker/containerd/containerd.pid`]);

  const res = await o11yIn(['doctor', '--fix', '--yes', '--offline']);
  assert.equal(res.exitCode, 0, shown(res));
  assert.ok(res.stderr.includes(`removed the stale pid file /var/run/docker.pid: process ${other} is now sleep, not dockerd`), shown(res));
  assert.ok(
    res.stderr.includes(`removed the stale pid file /var/run/docker/containerd/containerd.pid: process ${other} is now sleep, not containerd`),
    shown(res),
  );
  assert.match(res.stdout, /^✔ Docker daemon reachable: /m);
  // The process that only shared the pid is left alone, and the new daemon wrote its own pid.
  assert.equal(await pidsOf(`cat /proc/${other}/comm`), 'sleep');
  assert.notEqual(await pidsOf('cat /var/run/docker.pid'), other);
});

test('a dockerd that is still shutting down: --fix waits for it to exit, then starts a new one', { timeout: 120_000 }, async () => {
  const pidsOf = async (cmd: string) => (await run(['sh', '-c', cmd])).stdout.trim();
  await run(['sh', '-c', 'kill -9 $(cat /var/run/docker.pid) $(cat /var/run/docker/containerd/containerd.pid)']);
  // A process named dockerd that answers nothing and exits after 12 s, as a daemon on its way down.
  const leaving = await pidsOf('cp /bin/sleep /tmp/dockerd; /tmp/dockerd 12 >/dev/null 2>&1 & echo $!');
  await run(['sh', '-c', `echo ${leaving} > /var/run/docker.pid`]);

  const res = await o11yIn(['doctor', '--fix', '--yes', '--offline']);
  assert.equal(res.exitCode, 0, shown(res));
  assert.ok(res.stderr.includes(`a dockerd is already running (pid ${leaving}); waiting for it to answer or exit`), shown(res));
  // Never reaped here (no init in this container): it stays a zombie, and its pid file is stale.
  assert.ok(res.stderr.includes(`removed the stale pid file /var/run/docker.pid: dockerd ${leaving} has exited (a zombie)`), shown(res));
  assert.match(res.stderr, /^starting \/usr\/sbin\/dockerd in the background/m);
  assert.match(res.stdout, /^✔ Docker daemon reachable: /m);
});

// What `o11y up` plans when the Docker engine does not answer, per kind of host: the exact
// commands it will run (as root or through sudo), or the one step that would get Docker running.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type HostFacts, planDockerSetup } from '../../cli/doctor/docker-setup.js';

const debianUser: HostFacts = {
  platform: 'linux',
  root: false,
  debianLike: true,
  dockerd: false,
  debootstrap: false,
  systemd: true,
  sudo: 'asks',
};
const STATE = '/home/ana/lab/.o11y';

describe('planDockerSetup', () => {
  test('Debian user with sudo and no Docker: apt-get update, install docker.io and debootstrap, systemctl start, through sudo that asks', () => {
    const plan = planDockerSetup(debianUser, STATE);
    assert.deepEqual(plan, {
      kind: 'fixable',
      missing: 'Docker is not installed',
      packages: ['docker.io', 'debootstrap'],
      commands: ['apt-get update', 'apt-get install -y docker.io debootstrap', 'systemctl start docker'],
      viaSudo: true,
      sudoAsks: true,
    });
  });

  test('root in a container (no systemd), dockerd installed but stopped: only the background dockerd, with its log path', () => {
    const plan = planDockerSetup({ ...debianUser, root: true, dockerd: true, debootstrap: true, systemd: false, sudo: 'absent' }, STATE);
    assert.equal(plan.kind, 'fixable');
    assert.ok(plan.kind === 'fixable');
    assert.equal(plan.missing, 'The Docker daemon is installed but not running');
    assert.deepEqual(plan.commands, [`dockerd & (in the background; log: ${STATE}/logs/dockerd.log)`]);
    assert.equal(plan.viaSudo, false);
  });

  test('passwordless sudo: through sudo without a question', () => {
    const plan = planDockerSetup({ ...debianUser, sudo: 'no-password' }, STATE);
    assert.ok(plan.kind === 'fixable' && plan.viaSudo && !plan.sudoAsks);
  });

  test('no sudo and not root: stops with the one command to run as root, listing what it runs', () => {
    const plan = planDockerSetup({ ...debianUser, sudo: 'absent' }, STATE);
    assert.equal(plan.kind, 'manual');
    assert.ok(plan.kind === 'manual');
    assert.match(
      plan.step,
      /^As root \(there is no sudo here\), run `o11y doctor --fix --yes` in this folder \(it runs: apt-get update; apt-get install -y docker\.io debootstrap; systemctl start docker\)/,
    );
  });

  test('not Debian/Ubuntu and no Docker: the install step, nothing run', () => {
    const plan = planDockerSetup({ ...debianUser, debianLike: false }, STATE);
    assert.equal(plan.kind, 'manual');
    assert.ok(plan.kind === 'manual');
    assert.match(plan.step, /Install Docker Engine for your distribution/);
  });

  test('not Debian but dockerd installed: only the start, no apt', () => {
    const plan = planDockerSetup({ ...debianUser, debianLike: false, dockerd: true }, STATE);
    assert.ok(plan.kind === 'fixable');
    assert.deepEqual(plan.commands, ['systemctl start docker']);
    assert.deepEqual(plan.packages, []);
  });

  test('macOS: Docker Desktop not started is a step for the user', () => {
    const plan = planDockerSetup({ ...debianUser, platform: 'darwin', debianLike: false }, STATE);
    assert.ok(plan.kind === 'manual');
    assert.match(plan.step, /^Start Docker Desktop/);
  });

  test('DOCKER_HOST naming another engine: never starts a local daemon in its place', () => {
    const plan = planDockerSetup({ ...debianUser, root: true, otherEngine: 'tcp://10.0.0.5:2376' }, STATE);
    assert.ok(plan.kind === 'manual');
    assert.match(plan.missing, /DOCKER_HOST=tcp:\/\/10\.0\.0\.5:2376/);
    assert.match(plan.step, /unset DOCKER_HOST/);
  });
});

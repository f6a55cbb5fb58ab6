// A user not in the docker group yet, with sudo that asks no password: `o11y up --yes` says how
// to join the group, goes on through sudo for this run, and the lab comes up, everything in their
// folder still theirs. The run as root takes the lab's lock itself: the first run hands it over
// rather than holding it (held, the run through sudo waited on it for 15 minutes, then failed).
// Needs root (to make the test user and their sudo rule) and the rootful engine every test uses.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { execa } from 'execa';
import YAML from 'yaml';
import { downStack } from '../../cli/lab/down-stack.js';
import { buildLocalImages, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { assertBuilt } from '../support/o11y-cli.js';
import { createTestUser, o11yAsUser, removeTestUser, type TestUser } from '../support/test-user.js';

const name = `o11ys${process.pid}`;
const sudoers = `/etc/sudoers.d/o11y-test-${name}`;
const project = `e2e-sudo-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
let docker: Docker;
let user: TestUser;

before(async () => {
  assertBuilt();
  assert.equal(process.getuid?.(), 0, 'this test makes a test user and a sudo rule: run it as root (npm test does)');
  docker = await requireDocker();
  await buildLocalImages();
  // Not in the docker group: the socket is closed to them.
  user = await createTestUser(name);
  writeFileSync(sudoers, `${name} ALL=(ALL) NOPASSWD: ALL\n`, { mode: 0o440 });
  const config = { project, ports: await freeLabPorts() };
  await execa('runuser', ['-u', name, '--', 'sh', '-c', `umask 077; cat > ${user.dir}/o11y.yaml`], { input: YAML.stringify(config) });
});

after(async () => {
  await downStack(project, { volumes: true });
  rmSync(sudoers, { force: true });
  await removeTestUser(name);
});

test('up --yes outside the docker group goes on through sudo and brings the lab up, the folder still the user’s', { timeout: 10 * 60_000 }, async () => {
  // Far under the 15 minutes a run waiting on a lock takes to give up.
  const res = await o11yAsUser(user, ['up', '--yes', '--images', 'local', '--pull', 'never'], 5 * 60_000);
  const shown = `exit ${res.exitCode}${res.timedOut ? ' (timed out)' : ''}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`;
  assert.doesNotMatch(String(res.stderr), /waiting for another `o11y up`/, shown);
  assert.equal(res.exitCode, 0, shown);
  assert.match(String(res.stdout), new RegExp(`socket is closed to you: you are not in the docker group[\\s\\S]*sudo usermod -aG docker ${name}`), shown);
  assert.match(String(res.stdout), /continuing through sudo: o11y up --yes --images local --pull never/);
  assert.match(String(res.stdout), /is up/);

  const objects = await projectObjects(docker, project);
  assert.ok(objects.containers.length >= 6, JSON.stringify(objects.containers));
  for (const c of objects.containers) assert.equal((await docker.getContainer(c.id).inspect()).State.Health?.Status, 'healthy', c.service);
  // Root made and wrote the lab's files; they are handed to the user, and no lock is left behind.
  const notTheirs = await execa('find', [user.dir, '!', '-user', name, '-print']);
  assert.equal(String(notTheirs.stdout), '');
  const lock = await execa('test', ['-e', path.join(user.dir, '.o11y', 'lab.lock')], { reject: false });
  assert.notEqual(lock.exitCode, 0, 'the lab lock is released');
});

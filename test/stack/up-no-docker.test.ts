// `o11y up` on a machine whose Docker engine does not answer: it says what is missing, the exact
// commands it would run, and asks (in a terminal); without a terminal it names `--yes`. The engine is
// hidden, not stopped: each run is in its own mount namespace with an empty /run, so the machine's
// daemon (and other users of it) are untouched, and nothing is installed or started (the answer is no).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, assertBuilt } from '../support/o11y-cli.js';
import { requireDocker } from '../support/docker.js';
import { inTerminal, shellLine } from '../support/terminal.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-up-no-docker-'));
/** `o11y up <args>` with /run (so /var/run/docker.sock) hidden behind an empty tmpfs. */
const hidden = (args: string[]) =>
  `unshare --mount sh -c ${shellLine([`mount -t tmpfs none /run && exec ${shellLine([process.execPath, path.join(ROOT, 'bin', 'o11y.js'), 'up', ...args])}`])}`;

before(() => {
  assertBuilt();
  // Needs root and util-linux unshare; fails (never skips) when this host cannot give it.
  const probe = spawnSync('unshare', ['--mount', 'sh', '-c', 'mount -t tmpfs none /run && test ! -e /run/docker.sock'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new Error(`cannot hide /run in a mount namespace (${probe.stderr.trim() || probe.error?.message}): run as root with util-linux unshare`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('up with no Docker engine answering', () => {
  test('in a terminal: says what is missing and the exact commands, asks; "no" changes nothing', async () => {
    const res = await inTerminal(hidden([]), { cwd: dir, answers: [[/Set up Docker now and continue\?/, 'n']], env: { DOCKER_HOST: '' } });
    assert.equal(res.unanswered, 0, res.screen);
    assert.equal(res.code, 1, res.screen);
    // This host has dockerd installed; as root, no sudo: the start command, with the log it would write.
    assert.match(res.screen, /! The Docker daemon is installed but not running \(Docker is not reachable at unix:\/\/\/var\/run\/docker\.sock \(ENOENT\)\)\./);
    assert.match(
      res.screen,
      /o11y can set it up as root, running:\r?\n {4}(systemctl start docker|dockerd & \(in the background; log: .*\/\.o11y\/logs\/dockerd\.log\))/,
    );
    assert.match(res.screen, /Docker was not set up; nothing changed\.[\s\S]*doctor --fix/);
    assert.equal(existsSync(path.join(dir, '.o11y', 'logs', 'dockerd.log')), false, 'no daemon was started');
  });

  test('without a terminal and without --yes: stops and names `o11y up --yes`', () => {
    const res = spawnSync('sh', ['-c', `${hidden([])} </dev/null`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /The Docker daemon is installed but not running/);
    assert.match(res.stderr, /without a terminal `o11y up` does not change the system unasked\.\n {2}Run `o11y up --yes`/);
  });

  test('DOCKER_HOST naming another engine: no offer, the one step (never a local daemon in its place)', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'o11y.js'), 'up', '--yes'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: `unix://${path.join(dir, 'closed.sock')}` },
      timeout: 60_000,
    });
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /The Docker engine at DOCKER_HOST=unix:\/\/.*closed\.sock does not answer/);
    assert.match(res.stderr, /unset DOCKER_HOST/);
    assert.doesNotMatch(res.stdout, /o11y can set it up/);
  });
});

describe('up by a user the Docker socket is closed to', () => {
  test('names the one command that adds them to the docker group and the new login; with no sudo here, stops', async () => {
    await requireDocker();
    // A user outside the docker group (nobody, no supplementary groups) against this machine's real socket.
    const home = mkdtempSync(path.join(os.tmpdir(), 'o11y-up-nogroup-'));
    try {
      chownSync(home, 65534, 65534);
      const res = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', 'env', `HOME=${home}`, 'USER=nobody', process.execPath, path.join(ROOT, 'bin', 'o11y.js'), 'up'],
        { cwd: home, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      );
      assert.equal(res.status, 1, res.stdout + res.stderr);
      assert.match(res.stdout, /Docker’s socket is closed to you: you are not in the docker group \(Permission denied on the Docker socket/);
      assert.match(res.stdout, /`sudo usermod -aG docker nobody`, then log out and in again \(a new login\) for it to apply\./);
      // Without sudo the run stops; with it (and no terminal to ask) too. Either way it says what comes after the login.
      const sudo = spawnSync('sh', ['-c', 'command -v sudo']).status === 0;
      const stop = sudo ? /Not continuing as root without a terminal to ask\./ : /There is no sudo here to continue as root this time\./;
      assert.match(res.stderr, stop);
      assert.match(res.stderr, /\n {2}After that new login, `o11y up`\./);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

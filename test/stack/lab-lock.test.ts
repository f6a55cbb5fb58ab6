// One `up` or `down` at a time per lab. Seen in a trial: two `o11y up` at once in one folder
// left two `<project>_default` networks and a "container already exists" that was the other's.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acquireLabLock, LOCK_FILE } from '../../cli/lab/lab-lock.js';
import { identityOf } from '../../cli/process-identity.js';
import { requireDocker } from '../support/docker.js';
import { assertBuilt, ROOT, scratchDir } from '../support/o11y-cli.js';

const dir = scratchDir('o11y-lock');
const stateDir = path.join(dir, '.o11y');
before(() => assertBuilt());
after(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that surely is not running: a process that already exited. */
function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(res.stdout);
}

describe('the lab lock', () => {
  it('a second holder waits, then fails naming the first; released, it is free again', async () => {
    const release = await acquireLabLock(stateDir, 'up');
    const waited: number[] = [];
    await assert.rejects(acquireLabLock(stateDir, 'down', { waitMs: 300, pollMs: 50, onWait: (h) => waited.push(h.pid) }), (err: Error) => {
      assert.match(err.message, new RegExp(`Another \`o11y up\` \\(pid ${process.pid}, started .*\\) still holds this lab`));
      return true;
    });
    assert.deepEqual(waited, [process.pid], 'said once who it waits for');
    release();
    assert.ok(!existsSync(path.join(stateDir, LOCK_FILE)));
    (await acquireLabLock(stateDir, 'down', { waitMs: 0 }))();
  });

  it('a lock left by a run that was killed is taken over', async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(path.join(stateDir, LOCK_FILE), JSON.stringify({ pid: deadPid(), command: 'up', startedAt: new Date().toISOString() }));
    const release = await acquireLabLock(stateDir, 'up', { waitMs: 0 });
    release();
  });

  it('a lock whose pid is now another process (after a kill or a reboot) is taken over; one from an older o11y is still honoured', async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const now = new Date().toISOString();
      const me = { ...identityOf(other.pid), command: 'up', startedAt: now };
      assert.ok(me.boot && me.start !== undefined, 'this machine has /proc');
      const beforeBoot = new Date(Date.now() - os.uptime() * 1000 - 3_600_000).toISOString();
      for (const holder of [
        // The same pid, started at another time: the kernel gave the dead holder's pid to `sleep`.
        { ...me, start: (me.start ?? 0) - 1 },
        // The same pid and start, but written in an earlier boot, before this one began.
        { ...me, boot: '00000000-0000-0000-0000-000000000000', startedAt: beforeBoot },
      ]) {
        writeFileSync(path.join(stateDir, LOCK_FILE), JSON.stringify(holder));
        (await acquireLabLock(stateDir, 'up', { waitMs: 0 }))();
      }
      // The holder itself, a lock of an o11y that wrote only the pid, and ones from another pid
      // namespace or kernel sharing the folder (their pid means nothing here): waited for.
      for (const holder of [
        me,
        { pid: other.pid, command: 'up', startedAt: now },
        { ...me, start: 1, ns: 'pid:[1]' },
        { ...me, start: 1, boot: '00000000-0000-0000-0000-000000000000' },
      ]) {
        writeFileSync(path.join(stateDir, LOCK_FILE), JSON.stringify(holder));
        await assert.rejects(acquireLabLock(stateDir, 'down', { waitMs: 0 }), /still holds this lab/);
      }
    } finally {
      other.kill();
      rmSync(path.join(stateDir, LOCK_FILE), { force: true });
    }
  });

  it('a lock taken before this boot is taken over, even with no boot id in it (macOS, an older o11y)', async () => {
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(stateDir, LOCK_FILE), JSON.stringify({ pid: other.pid, command: 'up', startedAt: '2000-01-01T00:00:00.000Z' }));
      (await acquireLabLock(stateDir, 'up', { waitMs: 0 }))();
    } finally {
      other.kill();
    }
  });

  it('a lock that is not JSON is left to its writer for 10 s, then taken over', async () => {
    const file = path.join(stateDir, LOCK_FILE);
    writeFileSync(file, '');
    await assert.rejects(acquireLabLock(stateDir, 'up', { waitMs: 300, pollMs: 50 }), /names no run \(it is not JSON\)/);
    const old = new Date(Date.now() - 20_000);
    utimesSync(file, old, old);
    (await acquireLabLock(stateDir, 'up', { waitMs: 0 }))();
  });

  it('a symlink at the lock, even a dangling one, is refused at once with the rm to run, never followed', { timeout: 10_000 }, async () => {
    const file = path.join(stateDir, LOCK_FILE);
    for (const target of [path.join(dir, 'nowhere'), path.join(dir, 'victim')]) {
      writeFileSync(path.join(dir, 'victim'), 'keep');
      symlinkSync(target, file);
      try {
        await assert.rejects(acquireLabLock(stateDir, 'up', { waitMs: 0 }), /cannot be read \(not a plain file\)/);
      } finally {
        rmSync(file);
      }
      assert.equal(readFileSync(path.join(dir, 'victim'), 'utf8'), 'keep');
    }
  });

  it('a live lock of another system or container sharing the folder is waited for, and named as such', async () => {
    const file = path.join(stateDir, LOCK_FILE);
    writeFileSync(file, JSON.stringify({ ...identityOf(), ns: 'pid:[1]', pid: 7, command: 'up', startedAt: new Date().toISOString() }));
    try {
      await assert.rejects(acquireLabLock(stateDir, 'down', { waitMs: 0 }), /pid 7 of another system or container sharing this folder/);
    } finally {
      rmSync(file);
    }
  });

  it('the lock is whole, readable by every user whatever the umask, and released', async () => {
    const umask = process.umask(0o077);
    try {
      const release = await acquireLabLock(stateDir, 'up');
      const file = path.join(stateDir, LOCK_FILE);
      assert.equal(statSync(file).mode & 0o777, 0o644);
      assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8'))).sort(), ['boot', 'command', 'ns', 'pid', 'start', 'startedAt']);
      assert.deepEqual(readdirSync(stateDir), [LOCK_FILE]);
      release();
      assert.ok(!existsSync(file));
    } finally {
      process.umask(umask);
    }
  });

  it('o11y down waits for the up that holds the lab, says so, and runs when it is done', async () => {
    await requireDocker();
    writeFileSync(path.join(dir, 'o11y.yaml'), `project: o11y-lock-${process.pid}\n`);
    const release = await acquireLabLock(stateDir, 'up');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'o11y.js'), 'down'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const deadline = Date.now() + 20_000;
    while (!/waiting for another `o11y up` of this lab/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(stderr, new RegExp(`waiting for another \`o11y up\` of this lab \\(pid ${process.pid}`));
    assert.equal(stdout, '', 'down did nothing while up held the lab');
    release();
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /Nothing to remove/);
    assert.ok(!existsSync(path.join(stateDir, LOCK_FILE)), 'down released the lock');
  });
});

// Which pid files `o11y doctor --fix` removes before starting dockerd: against real processes in
// this machine's /proc (a live one under another name, a real zombie, one that has exited).
// The whole path, dockerd killed and its pid reused, runs in doctor-fix-fresh-debian.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clearStalePidFiles, daemonPidFiles, pidFileState } from '../../cli/doctor/stale-pid-files.js';
import { scratchDir } from '../support/o11y-cli.js';

const dir = scratchDir('o11y-stale-pid');
const started: ChildProcess[] = [];
after(() => {
  for (const child of started) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function pidFile(name: string, content: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function startSleep(args: string[]): ChildProcess {
  const child = spawn(args[0], args.slice(1), { stdio: 'ignore' });
  started.push(child);
  return child;
}

test('a pid file naming a live process under another name (the pid reused) is stale; under its own name it is live', () => {
  const sleeper = startSleep(['sleep', '60']);
  const file = pidFile('docker.pid', `${sleeper.pid}\n`);
  assert.deepEqual(pidFileState(file, 'dockerd'), { kind: 'stale', pid: sleeper.pid, why: `process ${sleeper.pid} is now sleep, not dockerd` });
  assert.deepEqual(pidFileState(file, 'sleep'), { kind: 'live', pid: sleeper.pid });
});

test('a pid file naming an exited process, or holding no pid, is stale; no file is absent', async () => {
  const gone = startSleep(['true']);
  await new Promise((resolve) => gone.once('exit', resolve));
  assert.deepEqual(pidFileState(pidFile('gone.pid', String(gone.pid)), 'dockerd'), { kind: 'stale', pid: gone.pid, why: `no process ${gone.pid} is running` });
  assert.equal(pidFileState(pidFile('empty.pid', ''), 'dockerd').kind, 'stale');
  assert.equal(pidFileState(pidFile('junk.pid', 'dockerd\n'), 'dockerd').kind, 'stale');
  assert.deepEqual(pidFileState(path.join(dir, 'none.pid'), 'dockerd'), { kind: 'absent' });
});

test('a zombie (killed, never reaped: no init in a container) is stale, though /proc still lists it', async () => {
  // perl forks a child that exits at once, then sleeps without ever reaping it: a real zombie named perl.
  const parent = startSleep(['perl', '-e', 'fork or exit; sleep 30']);
  let zombie: number | undefined;
  for (let i = 0; i < 100 && zombie === undefined; i++) {
    await sleep(50);
    const children = readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim();
    const pid = Number(children.split(' ')[0]);
    if (pid && readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')) zombie = pid;
  }
  assert.ok(zombie, 'no zombie appeared');
  assert.deepEqual(pidFileState(pidFile('zombie.pid', String(zombie)), 'perl'), { kind: 'stale', pid: zombie, why: `perl ${zombie} has exited (a zombie)` });
});

test('clearStalePidFiles removes both stale files and says why; a live dockerd pid file is kept and returned', () => {
  const sleeper = startSleep(['sleep', '60']);
  const files = { dockerd: pidFile('run/docker.pid', String(sleeper.pid)), containerd: pidFile('run/docker/containerd/containerd.pid', String(sleeper.pid)) };
  const lines: string[] = [];
  assert.equal(
    clearStalePidFiles(files, (l) => lines.push(l)),
    undefined,
  );
  assert.equal(existsSync(files.dockerd), false);
  assert.equal(existsSync(files.containerd), false);
  assert.deepEqual(lines, [
    `removed the stale pid file ${files.dockerd}: process ${sleeper.pid} is now sleep, not dockerd`,
    `removed the stale pid file ${files.containerd}: process ${sleeper.pid} is now sleep, not containerd`,
  ]);
  // A fake /proc where that pid is a dockerd: the daemon is running, nothing is removed.
  const proc = path.join(dir, 'proc');
  mkdirSync(path.join(proc, String(sleeper.pid)), { recursive: true });
  writeFileSync(path.join(proc, String(sleeper.pid), 'stat'), `${sleeper.pid} (dockerd) S 1 ${sleeper.pid}`);
  pidFile('run/docker.pid', String(sleeper.pid));
  pidFile('run/docker/containerd/containerd.pid', String(sleeper.pid));
  assert.equal(
    clearStalePidFiles(files, (l) => lines.push(l), proc),
    sleeper.pid,
  );
  assert.ok(existsSync(files.dockerd) && existsSync(files.containerd));
  assert.equal(lines.length, 2);
});

test("daemonPidFiles: dockerd's defaults, or daemon.json's pidfile and exec-root", () => {
  assert.deepEqual(daemonPidFiles(path.join(dir, 'no-daemon.json')), {
    dockerd: '/var/run/docker.pid',
    containerd: '/var/run/docker/containerd/containerd.pid',
  });
  const conf = pidFile('daemon.json', JSON.stringify({ pidfile: '/srv/d.pid', 'exec-root': '/srv/exec' }));
  assert.deepEqual(daemonPidFiles(conf), { dockerd: '/srv/d.pid', containerd: '/srv/exec/containerd/containerd.pid' });
});

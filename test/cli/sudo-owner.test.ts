// What `sudo o11y ...` creates in the project goes to the sudo user, and root is never steered
// through that user's symlinks. As non-root (a developer's run) both calls only create.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handTreeToUser, mkdirForUser, openForUser } from '../../cli/sudo-owner.js';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-sudo-owner-'));
const saved = { uid: process.env.SUDO_UID, gid: process.env.SUDO_GID };
process.env.SUDO_UID = '4242';
process.env.SUDO_GID = '4243';
after(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [
    ['SUDO_UID', saved.uid],
    ['SUDO_GID', saved.gid],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const owner = (p: string) => `${lstatSync(p).uid}:${lstatSync(p).gid}`;
const self = `${process.getuid?.()}:${process.getgid?.()}`;

test('the folders mkdirForUser creates (and only those) and the files openForUser opens go to the sudo user', () => {
  mkdirSync(path.join(dir, 'existing'));
  mkdirForUser(path.join(dir, 'existing', 'logs', 'deep'));
  const fd = openForUser(path.join(dir, 'existing', 'logs', 'deep', 'x.log'));
  closeSync(fd);
  const expected = root ? '4242:4243' : self;
  assert.equal(owner(path.join(dir, 'existing', 'logs')), expected);
  assert.equal(owner(path.join(dir, 'existing', 'logs', 'deep')), expected);
  assert.equal(owner(path.join(dir, 'existing', 'logs', 'deep', 'x.log')), expected);
  assert.equal(owner(path.join(dir, 'existing')), self, 'a folder that was there is left alone');
});

test('a symlink planted where a log goes is refused, and its target is neither truncated nor chowned', () => {
  const victim = path.join(dir, 'victim');
  writeFileSync(victim, 'precious', { mode: 0o600 });
  const link = path.join(dir, 'images-root.log');
  symlinkSync(victim, link);
  assert.throws(() => openForUser(link), /ELOOP|EEXIST/);
  assert.throws(() => openForUser(link, true), /ELOOP|EEXIST/);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.equal(`${statSync(victim).uid}:${statSync(victim).gid}`, self);
});

test('a hard link planted where a log goes is written but not handed over', () => {
  const victim = path.join(dir, 'victim2');
  writeFileSync(victim, '', { mode: 0o600 });
  const link = path.join(dir, 'dockerd.pid');
  linkSync(victim, link);
  closeSync(openForUser(link));
  assert.equal(`${statSync(victim).uid}:${statSync(victim).gid}`, self);
});

test('appending keeps what the file had', () => {
  const file = path.join(dir, 'dockerd.log');
  writeFileSync(file, 'first\n');
  const fd = openForUser(file, true);
  writeFileSync(fd, 'second\n');
  closeSync(fd);
  assert.equal(readFileSync(file, 'utf8'), 'first\nsecond\n');
});

test('handTreeToUser gives a whole tree (0600 files included) to the sudo user, and follows no symlink', () => {
  const tree = path.join(dir, 'state');
  mkdirSync(path.join(tree, 'config', 'alertmanager'), { recursive: true });
  writeFileSync(path.join(tree, 'config', 'alertmanager', 'alertmanager.yml'), 'token', { mode: 0o600 });
  const outside = path.join(dir, 'outside');
  writeFileSync(outside, 'not ours');
  symlinkSync(outside, path.join(tree, 'link'));
  handTreeToUser(tree);
  const expected = root ? '4242:4243' : self;
  for (const p of ['', 'config', 'config/alertmanager', 'config/alertmanager/alertmanager.yml']) assert.equal(owner(path.join(tree, p)), expected, p);
  assert.equal(`${statSync(outside).uid}:${statSync(outside).gid}`, self, 'the symlink target is left alone');
});

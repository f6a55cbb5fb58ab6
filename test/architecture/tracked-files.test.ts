// What the repository holds: no symbolic links (twice a worktree's link to node_modules or to a
// package folder was committed by accident, and a clone then points at a folder of someone's machine).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('no tracked file is a symbolic link', () => {
  const links = execFileSync('git', ['ls-files', '-s'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith('120000 '))
    .map((l) => l.split('\t')[1]);
  assert.deepEqual(links, []);
});

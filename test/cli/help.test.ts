import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

test('o11y --help lists the commands with examples', () => {
  const out = execFileSync(process.execPath, ['bin/o11y.js', '--help'], { encoding: 'utf8' });
  assert.match(out, /serve/);
  assert.match(out, /Examples:/);
});

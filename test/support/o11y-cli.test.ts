// assertBuilt against a small package tree: a built file older than any source it is built from
// (cli/, server/, the build's settings) stops the tests; test files and an installed copy do not.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { assertBuiltIn, buildInputs, ROOT } from './o11y-cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'o11y-assert-built-'));
after(() => rmSync(root, { recursive: true, force: true }));

const BUILT = ['dist/cli/index.js', 'dist/app/server.mjs'];
const SOURCES = ['cli/commands/load.ts', 'server/routes/students.ts', 'scripts/build.mjs', 'package-lock.json'];
/** Writes `rel` with its mtime `s` seconds after an hour ago. */
function at(rel: string, s: number): void {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, rel.endsWith('.json') && rel.startsWith('tsconfig') ? JSON.stringify({ include: ['cli/**/*.ts', 'server/**/*.ts'] }) : '');
  const t = Date.now() / 1000 - 3600 + s;
  utimesSync(p, t, t);
}

test('the inputs are the folders tsconfig.json compiles and the build settings', () => {
  assert.deepEqual(buildInputs(ROOT), ['cli', 'server', 'tsconfig.json', 'scripts/build.mjs', 'package-lock.json']);
});

test('a build newer than every source passes; one source edited after it fails, naming the file', () => {
  at('tsconfig.json', 0);
  for (const f of SOURCES) at(f, 0);
  for (const f of BUILT) at(f, 10);
  assertBuiltIn(root, BUILT);
  for (const [i, f] of ['tsconfig.json', ...SOURCES].entries()) {
    at(f, 100 + 10 * i);
    assert.throws(() => assertBuiltIn(root, BUILT), new RegExp(`dist/cli/index\\.js is older than ${f.replace('.', '\\.')}: run \`npm run build\``), f);
    for (const b of BUILT) at(b, 105 + 10 * i);
    assertBuiltIn(root, BUILT);
  }
  // A test beside the code is not built: editing it leaves the build current.
  at('cli/commands/load.test.ts', 1000);
  assertBuiltIn(root, BUILT);
  assert.throws(() => assertBuiltIn(root, ['dist/cli/missing.js']), /dist\/cli\/missing\.js is missing: run `npm run build`/);
});

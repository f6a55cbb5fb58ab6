// The tests' private build refuses code with a type error, as `npm run build` does: a test never
// runs output tsc emitted despite its errors.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { buildCli } from './cli-build.js';
import { ROOT } from './o11y-cli.js';

const pkg = mkdtempSync(path.join(os.tmpdir(), 'o11y-cli-build-'));
after(() => rmSync(pkg, { recursive: true, force: true }));

/** A package of one file, cli/index.ts, compiled with the repository's TypeScript. */
function packageWith(source: string): string {
  mkdirSync(path.join(pkg, 'cli'), { recursive: true });
  if (!existsSync(path.join(pkg, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
  writeFileSync(path.join(pkg, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, rootDir: '.', types: [] }, include: ['cli/**/*.ts'] }));
  writeFileSync(path.join(pkg, 'cli', 'index.ts'), source);
  return pkg;
}

test('a clean source builds; a type error fails the build with tsc’s message', () => {
  const ok = buildCli(packageWith('export const n: number = 1;\n'));
  assert.ok(existsSync(ok.entry));
  ok.remove();
  assert.throws(() => buildCli(packageWith("export const n: number = 'one';\n")), /tsc failed .*type errors[\s\S]*cli\/index\.ts.*TS2322/);
  assert.deepEqual(readdirSync(path.join(pkg, '.tmp')), [], 'the failed build left nothing behind');
});

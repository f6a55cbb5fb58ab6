// `npm test`: builds dist/, provisions what the tests need (scripts/preflight.mjs), then runs
// every *.test.ts under test/ with Node's own test runner (tsx as the loader).
// `npm test -- test/server` narrows to a folder or file; `npm test -- --no-docker [paths]` keeps
// only the files that need no Docker engine (what CI runs on the older Node lines: .ci/run).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPackages, startDocker } from './preflight.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function collect(p, out) {
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) collect(path.join(p, name), out);
  } else if (p.endsWith('.test.ts')) out.push(p);
  return out;
}
// A test file that needs the engine says so with requireDocker() (test/support/docker.ts).
const needsDocker = (file) => /\brequireDocker\b/.test(readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const noDocker = args.includes('--no-docker');
const paths = args.filter((a) => a !== '--no-docker');
const roots = paths.length ? paths : ['test'];
const files = roots.flatMap((r) => collect(r, [])).filter((f) => !(noDocker && needsDocker(f)));
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}${noDocker ? ' that run without Docker' : ''}`);
  process.exit(1);
}
// CLI and bundle tests run dist/: build it from the sources under test first (about 2 s; it
// needs nothing from the machine), then provision with the product's own helpers.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
await installPackages(
  root,
  files.map((f) => path.relative(root, path.resolve(f))),
);
// Only a file that needs the engine starts the daemon.
if (files.some(needsDocker)) await startDocker(root);
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);

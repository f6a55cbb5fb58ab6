// What `npm test` needs from the machine, provisioned before any test runs, for the selected test
// folders only: the programs the tests start for real (PostgreSQL, Prometheus + promtool,
// Alertmanager + amtool, postgres-exporter, node-exporter, docker-compose, debootstrap, chromium, tmux) and a Docker engine.
// On Debian/Ubuntu as root it installs what is missing with apt and starts the daemon through
// the product's own `ensureDockerRunning` (what `o11y doctor --fix` does); elsewhere it lists
// exactly what is missing and fails. When everything is there it costs well under a second.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const TEST_DOCKERD_DIR = '/var/lib/o11y-lab-test-dockerd';

// `o11y doctor`'s own lookup (PATH plus sbin), loaded from dist/ by installPackages.
let findExecutable;
const onPath = (bin) => findExecutable(bin) !== undefined;

/**
 * One requirement: how to tell it is there, the Debian package that brings it, and the test
 * folders that need it (a narrowed `npm test -- test/cli` needs none of them). A test folder not
 * named in any `for` list needs everything, so a new folder is never under-provisioned.
 */
const NEEDS = [
  { what: 'PostgreSQL server (initdb, pg_ctl)', has: () => pgServerBin() !== undefined, pkg: 'postgresql', for: ['server', 'load', 'alerts', 'grafana'] },
  {
    what: 'prometheus and promtool',
    has: () => onPath('prometheus') && onPath('promtool'),
    pkg: 'prometheus',
    for: ['server', 'alerts', 'grafana', 'stack', 'targets'],
  },
  {
    what: 'prometheus-alertmanager and amtool',
    has: () => onPath('prometheus-alertmanager') && onPath('amtool'),
    pkg: 'prometheus-alertmanager',
    for: ['alerts'],
  },
  { what: 'prometheus-postgres-exporter', has: () => onPath('prometheus-postgres-exporter'), pkg: 'prometheus-postgres-exporter', for: ['grafana'] },
  { what: 'prometheus-node-exporter', has: () => onPath('prometheus-node-exporter'), pkg: 'prometheus-node-exporter', for: ['grafana'] },
  // A remote engine (DOCKER_HOST) or a socket someone else runs (Docker Desktop) will do too.
  {
    what: 'a Docker engine (dockerd)',
    has: () => onPath('dockerd') || Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock'),
    pkg: 'docker.io',
    for: ['stack', 'images', 'doctor', 'e2e'],
  },
  { what: 'docker-compose', has: () => onPath('docker-compose'), pkg: 'docker-compose', for: ['stack', 'e2e'] },
  // `o11y up` going on through sudo for a user outside the docker group (test/e2e/through-sudo.test.ts).
  { what: 'sudo', has: () => onPath('sudo'), pkg: 'sudo', for: ['e2e'] },
  { what: 'debootstrap (o11y images build)', has: () => onPath('debootstrap'), pkg: 'debootstrap', for: ['images', 'doctor', 'e2e'] },
  // Real terminals of a given width, resized mid-run (test/load/live-line-terminal.test.ts, test/cli/help-terminal.test.ts).
  { what: 'tmux (terminals of a given size)', has: () => onPath('tmux'), pkg: 'tmux', for: ['load', 'cli'] },
  // The load report is opened in a real headless browser (test/load/report.test.ts).
  { what: 'chromium (headless, for the load report)', has: () => onPath('chromium'), pkg: 'chromium', for: ['load'] },
];
const KNOWN = new Set([...NEEDS.flatMap((n) => n.for), 'cli', 'telegram', 'support', 'architecture', 'lab']);

// Debian's packages start and enable these where systemd runs; the tests start their own on free
// ports, and `o11y up` wants the default ports free, so a package installed here is stopped and
// disabled. Services of packages that were already there are the user's: left alone.
const PACKAGE_SERVICES = new Set(['postgresql', 'prometheus', 'prometheus-alertmanager', 'prometheus-postgres-exporter', 'prometheus-node-exporter']);

const say = (line) => console.error(`preflight: ${line}`);

/** The requirements of the selected test files (paths relative to the repo, under test/). */
function needsOf(files) {
  const folders = new Set(files.map((f) => f.split(path.sep)[1]).filter(Boolean));
  if ([...folders].some((f) => !KNOWN.has(f))) return NEEDS;
  return NEEDS.filter((n) => n.for.some((f) => folders.has(f)));
}

/** Needs the built CLI (dist/): programs are found as `o11y doctor` finds them. */
export async function installPackages(root, files) {
  ({ findExecutable } = await import(path.join(root, 'dist', 'cli', 'doctor', 'find-executable.js')));
  const missing = needsOf(files).filter((n) => !n.has());
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((n) => n.pkg))];
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    say('the selected tests need programs this machine does not have:');
    for (const n of missing) say(`  - ${n.what} (Debian/Ubuntu package ${n.pkg})`);
    say(`install them (Debian/Ubuntu: sudo apt-get install ${pkgs.join(' ')}) and run the tests again`);
    process.exit(1);
  }
  say(`installing ${pkgs.join(' ')} with apt`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt (or a second test run) holding the lock: wait for it rather than fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...lock],
    ['install', '-y', '-qq', '--no-install-recommends', ...lock, ...pkgs],
  ]) {
    const res = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (res.status !== 0) {
      say(`apt-get ${args[0]} failed (exit ${res.status ?? res.signal}); fix apt and run the tests again`);
      process.exit(1);
    }
  }
  const still = missing.filter((n) => !n.has());
  if (still.length) {
    say(`still missing after apt: ${still.map((n) => n.what).join(', ')}`);
    process.exit(1);
  }
  if (onPath('systemctl')) {
    for (const pkg of pkgs) if (PACKAGE_SERVICES.has(pkg)) spawnSync('systemctl', ['disable', '--now', pkg], { stdio: 'ignore' });
  }
}

/** Needs the built CLI (dist/): the same start path `o11y doctor --fix` takes. */
export async function startDocker(root) {
  const { ensureDockerRunning } = await import(path.join(root, 'dist', 'cli', 'doctor', 'start-docker.js'));
  try {
    // A daemon started here outlives the run; its log goes to a root-owned folder (only root can
    // start one), not a /tmp path another user could plant symlinks in first.
    const started = await ensureDockerRunning({ stateDir: TEST_DOCKERD_DIR, log: say, forUser: false });
    if (started.how === 'dockerd') say(`dockerd is running (pid ${started.pid}, log ${started.logPath})`);
  } catch (err) {
    say(`the tests need a running Docker engine: ${err.message}`);
    if (err.hint) say(err.hint);
    process.exit(1);
  }
}

function pgServerBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root).find((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
}

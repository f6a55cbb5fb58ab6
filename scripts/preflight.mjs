// What `npm test` needs from the machine, provisioned before any test runs: the programs the
// tests start for real (PostgreSQL, Prometheus + promtool, Alertmanager + amtool,
// postgres-exporter, docker-compose, debootstrap) and a running Docker engine.
// On Debian/Ubuntu as root it installs what is missing with apt and starts the daemon through
// the product's own `ensureDockerRunning` (what `o11y doctor --fix` does); elsewhere it lists
// exactly what is missing and fails. When everything is there it costs well under a second.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One requirement: how to tell it is there, and the Debian package that brings it. */
const NEEDS = [
  { what: 'PostgreSQL server (initdb, pg_ctl)', has: () => pgServerBin() !== undefined, pkg: 'postgresql' },
  { what: 'prometheus and promtool', has: () => onPath('prometheus') && onPath('promtool'), pkg: 'prometheus' },
  { what: 'prometheus-alertmanager and amtool', has: () => onPath('prometheus-alertmanager') && onPath('amtool'), pkg: 'prometheus-alertmanager' },
  { what: 'prometheus-postgres-exporter', has: () => onPath('prometheus-postgres-exporter'), pkg: 'prometheus-postgres-exporter' },
  { what: 'Docker engine (dockerd) and client', has: () => onPath('dockerd') && onPath('docker'), pkg: 'docker.io' },
  { what: 'docker-compose', has: () => onPath('docker-compose'), pkg: 'docker-compose' },
  { what: 'debootstrap (o11y images build)', has: () => onPath('debootstrap'), pkg: 'debootstrap' },
  { what: 'ip (iproute2)', has: () => onPath('ip'), pkg: 'iproute2' },
];

// Debian's packages start these where systemd runs; the tests start their own on free ports.
const PACKAGE_SERVICES = ['prometheus', 'prometheus-alertmanager', 'prometheus-postgres-exporter', 'postgresql'];

const say = (line) => console.error(`preflight: ${line}`);

export function installPackages() {
  const missing = NEEDS.filter((n) => !n.has());
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((n) => n.pkg))];
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    say('the tests need programs this machine does not have:');
    for (const n of missing) say(`  - ${n.what} (Debian/Ubuntu package ${n.pkg})`);
    say(`install them (Debian/Ubuntu: sudo apt-get install ${pkgs.join(' ')}) and run the tests again`);
    process.exit(1);
  }
  say(`installing ${pkgs.join(' ')} with apt`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...pkgs]]) {
    const res = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (res.status !== 0) {
      say(`apt-get ${args[0]} failed (exit ${res.status ?? res.signal}); fix apt and run the tests again`);
      process.exit(1);
    }
  }
  const still = NEEDS.filter((n) => !n.has());
  if (still.length) {
    say(`still missing after apt: ${still.map((n) => n.what).join(', ')}`);
    process.exit(1);
  }
  if (onPath('systemctl')) {
    for (const svc of PACKAGE_SERVICES) spawnSync('systemctl', ['stop', svc], { stdio: 'ignore' });
  }
}

/** Needs the built CLI (dist/): the same start path `o11y doctor --fix` takes. */
export async function startDocker(root) {
  const { ensureDockerRunning } = await import(path.join(root, 'dist', 'cli', 'doctor', 'start-docker.js'));
  try {
    // A daemon started here logs to <tmp>/o11y-test-dockerd/logs/dockerd.log and outlives the run.
    const started = await ensureDockerRunning({ stateDir: path.join(os.tmpdir(), 'o11y-test-dockerd'), log: say });
    if (started.how === 'dockerd') say(`dockerd is running (pid ${started.pid}, log ${started.logPath})`);
  } catch (err) {
    say(`the tests need a running Docker engine: ${err.message}`);
    if (err.hint) say(err.hint);
    process.exit(1);
  }
}

// sbin too: a non-root PATH often lacks it, and dockerd and debootstrap live there.
function onPath(bin) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function pgServerBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root).find((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
}

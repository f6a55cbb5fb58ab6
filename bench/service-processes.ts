// The processes a service bench needs, pinned as the measurement did when there are
// two cores (service and PostgreSQL on core 0, generators on core 1): a throwaway PostgreSQL,
// the gradebook bundle with every feature on, and the bare Fastify + pg yardstick.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from '../test/support/gradebook-process.js';
import { freePort } from '../test/support/free-port.js';
import { startTempPostgres, type TempPostgres } from '../test/support/postgres.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const PINNED = os.cpus().length >= 2 && hasTaskset();
export const SERVICE_CORE = 0;
export const LOAD_CORE = 1;
const CLK_TCK = 100;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Spawns `args` on `core` (when pinning; anywhere without a core), stdout piped, stderr kept for error messages. */
export function spawnOn(core: number | undefined, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = root): ChildProcess {
  const argv = PINNED && core !== undefined ? ['taskset', '-c', String(core), ...args] : args;
  return spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** CPU seconds (user + system) a process has used: /proc/<pid>/stat fields 14 and 15. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

export interface Server {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr().slice(-400)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after 30 s`);
}

async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  // The Node process itself (taskset execs it, so the PID is the same).
  const child = spawnOn(SERVICE_CORE, args, { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/students/`, child, () => stderr);
  return {
    name,
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface ServiceLab {
  pg: TempPostgres;
  ours: Server;
  bare: Server;
  destroy(): Promise<void>;
}

/** PostgreSQL (pinned with the services), our bundle (metrics, validation, chaos hooks on) and the bare server. */
export async function startServiceLab(): Promise<ServiceLab> {
  const pg = await startTempPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-svc-bench-'));
  const servers: Server[] = [];
  try {
    pinPostgres(pg.port);
    const bundle = await bundleServer(dir);
    // Production defaults: info logging, chaos endpoint and hook on (CHAOS_TOKEN set).
    servers.push(
      await startServer(
        'ours',
        [process.execPath, bundle],
        { DATABASE_URL: pg.url, LOG_LEVEL: 'info', CHAOS_TOKEN: 'bench-chaos-token', SEED: 'sample' },
        await freePort(),
      ),
    );
    servers.push(
      await startServer('bare', [process.execPath, '--import', 'tsx', path.join(root, 'bench', 'bare-server.ts')], { DATABASE_URL: pg.url }, await freePort()),
    );
  } catch (err) {
    for (const s of servers) await s.stop();
    pg.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const [ours, bare] = servers;
  return {
    pg,
    ours,
    bare,
    async destroy() {
      for (const s of servers) await s.stop();
      pg.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Moves our throwaway PostgreSQL (postmaster and every backend) to the service's core. */
function pinPostgres(port: number): void {
  if (!PINNED) return;
  // The postmaster we started is the only process whose command line has this port.
  const pids = execFileSync('pgrep', ['-f', '--', `-p ${port} -k`])
    .toString()
    .trim()
    .split('\n')
    .filter(Boolean);
  for (const pid of pids) execFileSync('taskset', ['-a', '-p', '-c', String(SERVICE_CORE), pid], { stdio: 'ignore' });
}

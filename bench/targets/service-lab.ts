// The processes a service bench loads, on the service core when pinning (bench/support/cores.ts):
// a throwaway PostgreSQL, the gradebook bundle with every feature on, and the bare Fastify + pg
// yardstick (bench/targets/bare-server.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '../../test/support/child-process.js';
import { pinRunning } from '../../test/support/cpu-pinning.js';
import { freePort } from '../../test/support/free-port.js';
import { bundleServer } from '../../test/support/gradebook-process.js';
import { startTempPostgres, type TempPostgres } from '../../test/support/postgres.js';
import { httpOk } from '../../test/support/ready-check.js';
import { onCore, PINNED, SERVICE_CORE } from '../support/cores.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Server {
  name: string;
  url: string;
  /** The server's own process (taskset execs it), for its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

async function startServer(name: string, argv: string[], env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess(argv, {
    name,
    cpu: onCore(SERVICE_CORE),
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    ready: httpOk(`${url}/students/`),
    graceMs: 5000,
  });
  return { name, url, pid: proc.pid, stop: async () => void (await proc.stop()) };
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
  const destroy = async () => {
    for (const s of servers) await s.stop();
    pg.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The postmaster, by the PID it wrote; the backends it forks from now on inherit its core.
    if (PINNED) pinRunning(pg.postmasterPid(), SERVICE_CORE);
    const bundle = await bundleServer(dir);
    // Production defaults: info logging, chaos endpoint and hook on (CHAOS_TOKEN set).
    servers.push(
      await startServer('ours', [process.execPath, bundle], { DATABASE_URL: pg.url, LOG_LEVEL: 'info', CHAOS_TOKEN: 'bench-chaos-token', SEED: 'sample' }),
    );
    servers.push(await startServer('bare', [process.execPath, '--import', 'tsx', path.join(here, 'bare-server.ts')], { DATABASE_URL: pg.url }));
  } catch (err) {
    await destroy();
    throw err;
  }
  const [ours, bare] = servers;
  return { pg, ours, bare, destroy };
}

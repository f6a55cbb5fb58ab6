// The gradebook service as its own process, as in the lab (a load generator or a test sharing
// its event loop would distort both): on a free 127.0.0.1 port, with a throwaway PostgreSQL
// unless given one, ready when /readyz answers. Bundled from server/main.ts into a temp folder
// so a concurrent `npm run build` (which empties dist/) cannot pull it away.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { startProcess, type RunningProcess } from './child-process.js';
import { startTempPostgres } from './postgres.js';
import { httpOk } from './ready-check.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export interface GradebookOptions {
  /** Default: a throwaway PostgreSQL of its own, removed by stop(). */
  databaseUrl?: string;
  chaosToken?: string;
  /** Pins the service to this CPU core (taskset), e.g. to keep it off the load generator's. */
  cpu?: number;
}

export interface GradebookProcess {
  url: string;
  port: number;
  pid: number;
  process: RunningProcess;
  /** http_requests_total for GET <handler>, summed over statuses, read from /metrics. */
  requestsServed(handler?: string): Promise<number>;
  /** With `chaosToken`: PUT /chaos with `settings` (fault injection on), or DELETE it (off). */
  chaos(method: 'PUT' | 'DELETE', settings?: { latencyMs?: number; errorRate?: number }): Promise<Response>;
  /** SIGTERM (SIGKILL after 10 s), then removes its bundle and its own PostgreSQL. */
  stop(): Promise<void>;
}

export async function bundleServer(outDir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(outDir, 'server.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'server', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const swaggerStatic = path.join(path.dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
  cpSync(swaggerStatic, path.join(outDir, 'static'), { recursive: true });
  return outfile;
}

export async function startGradebookProcess(opts: GradebookOptions = {}): Promise<GradebookProcess> {
  const cleanup: Array<() => unknown> = [];
  // Once, newest first; a second stop() finds nothing left to do.
  const removeAll = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    let databaseUrl = opts.databaseUrl;
    if (databaseUrl === undefined) {
      const pg = await startTempPostgres();
      cleanup.push(() => pg.destroy());
      databaseUrl = pg.url;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-gradebook-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await bundleServer(dir);
    const port = await freePort();
    const env = {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(opts.chaosToken ? { CHAOS_TOKEN: opts.chaosToken } : {}),
    };
    const url = `http://127.0.0.1:${port}`;
    const proc = await startProcess([process.execPath, server], {
      name: 'the gradebook',
      env,
      cwd: dir,
      cpu: opts.cpu,
      ready: httpOk(`${url}/readyz`),
      readyTimeoutMs: 60_000,
    });
    cleanup.push(() => proc.stop());
    return {
      url,
      port,
      pid: proc.pid,
      process: proc,
      requestsServed: (handler = '/students/') => requestsServed(url, handler),
      chaos: (method, settings) =>
        fetch(`${url}/chaos`, {
          method,
          headers: { authorization: `Bearer ${opts.chaosToken}`, ...(settings ? { 'content-type': 'application/json' } : {}) },
          body: settings ? JSON.stringify(settings) : undefined,
        }),
      stop: removeAll,
    };
  } catch (err) {
    await removeAll();
    throw err;
  }
}

export async function requestsServed(url: string, handler: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('http_requests_total{')) continue;
    if (!line.includes(`handler="${handler}"`) || !line.includes('method="GET"')) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

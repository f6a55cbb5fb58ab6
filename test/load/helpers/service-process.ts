// The gradebook service as its own process (a generator sharing its event loop would distort
// both), on a free 127.0.0.1 port, with a throwaway PostgreSQL. Bundled from server/main.ts
// into a temp folder so a concurrent `npm run build` (which empties dist/) cannot pull it away.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../../helpers/eventually.js';
import { freePort, startTempPostgres, type TempPostgres } from '../../helpers/postgres.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);

export interface ServiceProcess {
  url: string;
  pid: number;
  /** http_requests_total for GET <handler>, summed over statuses, read from /metrics. */
  requestsServed(handler?: string): Promise<number>;
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

export async function startService(opts: { cpu?: number; chaosToken?: string } = {}): Promise<ServiceProcess> {
  const pg: TempPostgres = await startTempPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-load-svc-'));
  let child: ChildProcess | undefined;
  try {
    const server = await bundleServer(dir);
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(opts.chaosToken ? { CHAOS_TOKEN: opts.chaosToken } : {}),
    };
    const args = [server];
    child =
      opts.cpu !== undefined
        ? spawn('taskset', ['-c', String(opts.cpu), process.execPath, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const url = `http://127.0.0.1:${port}`;
    await eventually('gradebook service answering GET /students/', async () => (await fetch(`${url}/students/`)).ok, {
      timeoutMs: 30_000,
      child,
      detail: () => stderr,
    });
    const c = child;
    return {
      url,
      pid: c.pid!,
      requestsServed: (handler = '/students/') => requestsServed(url, handler),
      async stop() {
        if (c.exitCode === null) {
          const exited = new Promise((r) => c.once('exit', r));
          c.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (c.exitCode === null) c.kill('SIGKILL');
        }
        pg.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    child?.kill('SIGKILL');
    pg.destroy();
    rmSync(dir, { recursive: true, force: true });
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

// The real gradebook service, from source, on a free loopback port (a separate process, as in the lab).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/postgres.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TempService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startTempService(env: { databaseUrl: string; chaosToken?: string }): Promise<TempService> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(env.chaosToken ? { CHAOS_TOKEN: env.chaosToken } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => (log = (log + d).slice(-8000)));
  const url = `http://127.0.0.1:${port}`;
  await eventually('the service /readyz', async () => (await fetch(`${url}/readyz`)).ok, { timeoutMs: 60_000, intervalMs: 200, child, detail: () => log });
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

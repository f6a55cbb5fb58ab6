// The gradebook under autocannon: GET /students/ with metrics on, (a) saturated with 50
// connections and (b) 200 users at 1 request/s each with their phases spread evenly.
// The service (the shipped bundle) and the load run as separate processes on separate
// cores when there are two; PostgreSQL is a throwaway local cluster.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.js';
import { startTempPostgres } from '../test/support/postgres.js';
import type { LoadResult } from './service-load.js';
import type { BenchSection } from './types.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'app', 'server.mjs');
const SATURATED_SECONDS = 10;
const USERS_SECONDS = 15;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** [command, args] that run `args` pinned to `core` when pinning is possible. */
function pinned(pin: boolean, core: number, args: string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(core), ...args]] : [args[0], args.slice(1)];
}

function runLoad(pin: boolean, mode: 'saturated' | 'users', url: string, seconds: number): Promise<LoadResult> {
  const [cmd, args] = pinned(pin, 1, [process.execPath, '--import', 'tsx', path.join(root, 'bench', 'service-load.ts'), mode, url, String(seconds)]);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load (${mode}) exited ${code}`))));
  });
}

async function waitReady(url: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service was not ready at ${url} after 30 s`);
}

const ms = (v: number) => Number(v.toFixed(2));

export default async function serviceBench(): Promise<BenchSection[]> {
  if (!existsSync(bundle)) throw new Error('dist/app/server.mjs is missing: run `npm run build` first.');
  const pin = os.cpus().length >= 2 && hasTaskset();
  const pg = await startTempPostgres();
  const port = await freePort();
  const [cmd, args] = pinned(pin, 0, [process.execPath, bundle]);
  const service = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED: 'sample', CHAOS_TOKEN: '' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/students/`;
  try {
    await waitReady(url, service);
    await runLoad(pin, 'saturated', url, 2); // warm-up: JIT, pool, prepared statements
    const sat = await runLoad(pin, 'saturated', url, SATURATED_SECONDS);
    const users = await runLoad(pin, 'users', url, USERS_SECONDS);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const counted = /http_requests_total\{method="GET",status="2xx",handler="\/students\/"\} (\d+)/.exec(metrics)?.[1];

    const notes = [
      pin
        ? 'service (dist/app/server.mjs) pinned to core 0 and autocannon to core 1 with taskset; PostgreSQL unpinned'
        : `not pinned (${os.cpus().length} core(s)${hasTaskset() ? '' : ', no taskset'}): service and load share the CPUs`,
      'metrics on: every request observed by the /metrics hooks' + (counted ? ` (${counted} counted)` : ''),
      'latency percentiles from an HDR histogram in microseconds (autocannon rounds to ms)',
      `load: ${os.loadavg()[0].toFixed(2)} 1-min load average at the end; other work on this machine skews the figures`,
    ];
    return [
      {
        name: `GET /students/ saturated: 50 connections, ${SATURATED_SECONDS} s (target >= 10,000 RPS)`,
        rows: [
          {
            rps: Math.round(sat.rps),
            p50_ms: ms(sat.p50Ms),
            p99_ms: ms(sat.p99Ms),
            max_ms: ms(sat.maxMs),
            requests: sat.requests,
            errors: sat.errors + sat.non2xx,
          },
        ],
        notes,
      },
      {
        name: `GET /students/ at 200 users x 1 req/s, phases spread, ${USERS_SECONDS} s (target p99 <= 5 ms)`,
        rows: [
          {
            achieved_rps: ms(users.rps),
            p50_ms: ms(users.p50Ms),
            p99_ms: ms(users.p99Ms),
            max_ms: ms(users.maxMs),
            requests: users.requests,
            errors: users.errors + users.non2xx,
          },
        ],
      },
    ];
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => (service.exitCode !== null ? r(null) : service.once('exit', r)));
    pg.destroy();
  }
}

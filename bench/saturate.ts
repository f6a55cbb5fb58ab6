// Saturates one server with autocannon (50 connections, no pacing) from the load core and
// reports its throughput and the server's CPU per request over the same window.
import { cpuSeconds, LOAD_CORE, spawnOn, type Server } from './service-processes.js';
import type { LoadResult } from './service-load.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Saturation {
  rps: number;
  p99Ms: number;
  /** Server CPU per request, microseconds. */
  cpuUsPerRequest: number;
}

export async function saturate(server: Server, seconds: number): Promise<Saturation> {
  const child = spawnOn(LOAD_CORE, [
    process.execPath,
    '--import',
    'tsx',
    path.join(here, 'service-load.ts'),
    'saturated',
    `${server.url}/students/`,
    String(seconds),
  ]);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const cpu0 = cpuSeconds(server.pid);
  const code = await new Promise<number | null>((r) => child.once('close', r));
  const cpu1 = cpuSeconds(server.pid);
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(-400)}`);
  const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  return { rps: r.rps, p99Ms: r.p99Ms, cpuUsPerRequest: ((cpu1 - cpu0) * 1e6) / Math.max(1, r.requests) };
}

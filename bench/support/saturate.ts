// Saturates one server with autocannon (50 connections, no pacing) from the load core and
// reports its throughput and the server's CPU per request over the same window.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '../../test/support/child-process.js';
import type { LoadResult } from '../targets/service-load.js';
import type { Server } from '../targets/service-lab.js';
import { LOAD_CORE, onCore } from './cores.js';
import { cpuSeconds } from './cpu-time.js';

const load = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'targets', 'service-load.ts');

export interface Saturation {
  rps: number;
  p99Ms: number;
  /** Server CPU per request, microseconds. */
  cpuUsPerRequest: number;
}

export async function saturate(server: Server, seconds: number): Promise<Saturation> {
  const proc = await startProcess([process.execPath, '--import', 'tsx', load, 'saturated', `${server.url}/students/`, String(seconds)], {
    name: 'autocannon',
    cpu: onCore(LOAD_CORE),
  });
  const cpu0 = cpuSeconds(server.pid);
  const code = await proc.finished((seconds + 60) * 1000);
  const cpu1 = cpuSeconds(server.pid);
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${proc.stderr().slice(-400)}`);
  const r = JSON.parse(proc.stdout().trim().split('\n').pop()!) as LoadResult;
  return { rps: r.rps, p99Ms: r.p99Ms, cpuUsPerRequest: ((cpu1 - cpu0) * 1e6) / Math.max(1, r.requests) };
}

// The machine's own speed, read before and after every bench. This shared VM drifts: the same
// request cost the service 94 µs of CPU in one bench run and 236 µs in another within the hour,
// and the load average does not show it (nothing else runs in the guest). So each bench is
// bracketed by the same fixed work on each core (bench/targets/canary-work.ts): a computation, and
// loopback round trips, the kernel path every benchmark here leans on. A figure taken while the
// canary ran slow is the machine's as much as the code's.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from '../../test/support/child-process.js';
import { LOAD_CORE, PINNED, SERVICE_CORE } from './cores.js';

const work = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'targets', 'canary-work.ts');

export interface CoreSpeed {
  /** undefined: not pinned (one core, or no taskset). */
  core?: number;
  computeMs: number;
  loopbackUs: number;
}

export type Canary = CoreSpeed[];

async function speedOn(core: number | undefined): Promise<CoreSpeed> {
  const proc = await startProcess([process.execPath, '--import', 'tsx', work], { name: 'the bench canary', cpu: core });
  const code = await proc.finished(60_000);
  if (code !== 0) throw new Error(`the bench canary failed: ${proc.stderr()}`);
  return { core, ...JSON.parse(proc.stdout()) };
}

export async function canary(): Promise<Canary> {
  return PINNED ? [await speedOn(SERVICE_CORE), await speedOn(LOAD_CORE)] : [await speedOn(undefined)];
}

const where = (c: CoreSpeed) => (c.core === undefined ? '' : `core ${c.core} `);

/** "core 0 compute 21.3 ms, loopback 24 µs; core 1 …" */
export function describeCanary(c: Canary): string {
  return c.map((s) => `${where(s)}compute ${s.computeMs.toFixed(1)} ms, loopback ${s.loopbackUs.toFixed(0)} µs`).join('; ');
}

/** How much slower than `base` (the run's first reading), worst core: "compute ×1.02, loopback ×1.61". */
export function slowdown(base: Canary, c: Canary): string {
  const worst = (k: 'computeMs' | 'loopbackUs') => Math.max(...c.map((s, i) => s[k] / base[i][k]));
  return `compute ×${worst('computeMs').toFixed(2)}, loopback ×${worst('loopbackUs').toFixed(2)}`;
}

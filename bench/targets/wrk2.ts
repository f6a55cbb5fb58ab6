// wrk2 (github.com/giltene/wrk2), the reference open-model generator: a constant rate, every
// latency counted from when its request was due, and its first 10 s (its calibration) left out
// of its latency figures (not of its Requests/sec, which spans the whole run). Not packaged by
// Debian: build it (`make` in a clone) and set WRK2 to the binary, or put it on PATH as wrk2.
// Without it the rate bench skips its row and says so.
import { spawnSync } from 'node:child_process';
import { startProcess } from '../../test/support/child-process.js';
import { LOAD_CORE, onCore } from '../support/cores.js';

/** The wrk2 binary, or undefined. */
export function findWrk2(): string | undefined {
  for (const bin of [process.env.WRK2, 'wrk2'].filter((b): b is string => Boolean(b))) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    // wrk2 prints wrk's banner; only its usage has --rate (plain wrk is a closed model).
    if (!r.error && /--rate/.test(`${r.stdout}${r.stderr}`)) return bin;
  }
  return undefined;
}

export const WRK2_HINT = 'wrk2 not found: build github.com/giltene/wrk2 (make) and set WRK2=<path to its wrk>';

export interface Wrk2Result {
  /** Its Requests/sec: over the whole run, calibration included. */
  rps: number;
  p99Ms: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** " 99.000%    2.87ms" → 2.87 (its --latency distribution, in ms). */
export function wrk2Percentile(out: string, p: string): number {
  const m = new RegExp(`^\\s*${p.replace('.', '\\.')}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
  if (!m) throw new Error(`no ${p}% line in wrk2's output:\n${out.slice(0, 800)}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** `rate` requests/s on `connections` for `seconds` (its 10 s calibration included) from the load core. */
export async function runWrk2(bin: string, url: string, rate: number, seconds: number, connections = 50): Promise<Wrk2Result> {
  const proc = await startProcess([bin, '-t1', `-c${connections}`, `-d${seconds}s`, `-R${rate}`, '--latency', url], { name: 'wrk2', cpu: onCore(LOAD_CORE) });
  const code = await proc.finished((seconds + 60) * 1000);
  const out = proc.stdout();
  if (code !== 0) throw new Error(`wrk2 exited ${code}: ${out.slice(-400)}`);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  return { rps: Number(rps?.[1]), p99Ms: wrk2Percentile(out, '99.000') };
}

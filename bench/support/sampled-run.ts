// One generator run to its end as its own process (pinned to the load core when pinning), its
// CPU time sampled from /proc while it runs, its output kept; bounded, and a failed run throws.
import { startProcess } from '../../test/support/child-process.js';
import { LOAD_CORE, onCore } from './cores.js';
import { cpuSeconds } from './cpu-time.js';

export interface CpuSample {
  /** Seconds since the start. */
  t: number;
  /** CPU seconds used so far. */
  cpu: number;
}

export interface SampledRun {
  stdout: string;
  stderr: string;
  samples: CpuSample[];
  /** Wall time, start to exit. */
  seconds: number;
}

export interface SampledRunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Default 200 ms. */
  everyMs?: number;
  /** Stopped, and the run failed, past this; default 10 minutes. */
  timeoutMs?: number;
}

export async function runSampled(argv: string[], opts: SampledRunOptions = {}): Promise<SampledRun> {
  const started = performance.now();
  const proc = await startProcess(argv, { cpu: onCore(LOAD_CORE), env: opts.env, cwd: opts.cwd });
  const samples: CpuSample[] = [];
  const sampler = setInterval(() => {
    try {
      samples.push({ t: (performance.now() - started) / 1000, cpu: cpuSeconds(proc.pid) });
    } catch {
      // exited between two readings
    }
  }, opts.everyMs ?? 200);
  try {
    const code = await proc.finished(opts.timeoutMs ?? 10 * 60_000);
    if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${proc.stderr().slice(-400)}`);
  } finally {
    clearInterval(sampler);
  }
  return { stdout: proc.stdout(), stderr: proc.stderr(), samples, seconds: (performance.now() - started) / 1000 };
}

/** CPU % of one core between the first sample at or after `fromS` and the last at or before `toS`; NaN without two. */
export function cpuPercent(samples: CpuSample[], fromS = 0, toS = Infinity): number {
  const from = samples.find((s) => s.t >= fromS);
  const to = samples.filter((s) => s.t <= toS).at(-1);
  return from && to && to.t > from.t ? ((to.cpu - from.cpu) / (to.t - from.t)) * 100 : NaN;
}

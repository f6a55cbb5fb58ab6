// The open model against a trivial server (test/support/trivial-server.ts, its own process
// on core 0; generator on core 1): --max first, then --rate at fixed rates and at 90 % of what
// --max reached; per run the worst second's achieved / asked after the first, p99 against --max's.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../test/support/cli-build.js';
import { LOAD_CORE, SERVICE_CORE, spawnOn } from './service-processes.js';
import { median, medianSpread, RUNS } from './stats.js';
import type { BenchSection } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = 6;

interface RunSummary {
  rps: number;
  latencyMs: { p99: number };
  dropped?: number;
  saturated?: boolean;
  timeline: Array<{ elapsedS: number; rps: number }>;
}

async function load(entry: string, args: string[]): Promise<RunSummary> {
  const child = spawnOn(LOAD_CORE, [process.execPath, entry, 'load', ...args, '--json']);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.resume();
  const code = await new Promise<number | null>((r) => child.once('close', r));
  if (code !== 0) throw new Error(`o11y load ${args.join(' ')} exited ${code}`);
  return JSON.parse(out);
}

/** Worst and best whole second after the first, as achieved / asked. */
function perSecond(s: RunSummary, rate: number): { min: number; max: number } {
  const whole = s.timeline.filter((t) => t.elapsedS > 1.5 && Math.abs(t.elapsedS - Math.round(t.elapsedS)) < 0.05 && t.elapsedS <= SECONDS);
  const r = whole.map((t) => t.rps / rate);
  return { min: Math.min(...r), max: Math.max(...r) };
}

export default async function rateBench(): Promise<BenchSection[]> {
  const server = spawnOn(SERVICE_CORE, [process.execPath, '--import', 'tsx', path.join(here, 'trivial-server-process.ts')]);
  const url = await new Promise<string>((resolve) => server.stdout!.once('data', (d) => resolve(String(d).trim())));
  const cli = buildCli();
  try {
    const target = ['--target', url, '-d', `${SECONDS}s`];
    const max: RunSummary[] = [];
    for (let i = 0; i < RUNS; i++) max.push(await load(cli.entry, [...target, '--max', '-c', '50']));
    const maxRps = median(max.map((m) => m.rps));
    const rates = [5000, 10_000, 20_000, Math.round((maxRps * 0.9) / 100) * 100];
    const rows: BenchSection['rows'] = [
      {
        asked: `--max -c 50`,
        'rps median (min-max)': medianSpread(
          max.map((m) => m.rps),
          0,
        ),
        'worst second / asked': '',
        'best second / asked': '',
        'p99 ms': medianSpread(max.map((m) => m.latencyMs.p99)),
        dropped: '',
        saturated: '',
      },
    ];
    for (const rate of rates) {
      const runs: RunSummary[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await load(cli.entry, [...target, '--rate', String(rate)]));
      const ps = runs.map((r) => perSecond(r, rate));
      rows.push({
        asked: `--rate ${rate}`,
        'rps median (min-max)': medianSpread(
          runs.map((r) => r.rps),
          0,
        ),
        'worst second / asked': medianSpread(
          ps.map((p) => p.min),
          3,
        ),
        'best second / asked': medianSpread(
          ps.map((p) => p.max),
          3,
        ),
        'p99 ms': medianSpread(runs.map((r) => r.latencyMs.p99)),
        dropped: medianSpread(
          runs.map((r) => r.dropped ?? 0),
          0,
        ),
        saturated: runs.filter((r) => r.saturated).length + `/${RUNS}`,
      });
    }
    return [
      {
        name: `o11y load against a trivial server, ${SECONDS} s per run x ${RUNS} (target: every second after the first within 1 % up to 90 % of --max)`,
        rows,
        notes: [
          `server on core ${SERVICE_CORE}, generator on core ${LOAD_CORE}; load average (1, 5, 15 min) at the end: ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(' ')}`,
        ],
      },
    ];
  } finally {
    cli.remove();
    server.kill('SIGTERM');
  }
}

// Runs one generator as its own process on the load core and measures what the service saw
// over the same time: requests served, its own latency histogram (p99 from the bucket deltas,
// as Prometheus' histogram_quantile computes it) and the generator's CPU.
import { cpuPercent, runSampled } from './sampled-run.js';

export interface GeneratorRun {
  stdout: string;
  /** The service's own p99 for GET /students/ over the run, ms (linear within its bucket). */
  serverP99Ms: number;
  served: number;
  /** Generator CPU, % of one core, from 2 s after its start (start-up excluded) to its end. */
  cpuPct: number;
  seconds: number;
}

type Buckets = Map<number, number>;

/** Cumulative bucket counts of http_request_duration_seconds{handler="/students/",method="GET"}. */
export async function scrapeBuckets(serviceUrl: string): Promise<Buckets> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const out: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('http_request_duration_seconds_bucket{') || !line.includes('handler="/students/"') || !line.includes('method="GET"')) continue;
    const le = /le="([^"]+)"/.exec(line)![1];
    out.set(le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return out;
}

/** histogram_quantile over the difference of two scrapes, in ms. */
export function quantileMs(before: Buckets, after: Buckets, q: number): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const counts = les.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (let i = 0; i < les.length; i++) {
    if (counts[i] >= rank) {
      if (les[i] === Infinity) return prevLe * 1000;
      return (prevLe + ((les[i] - prevLe) * (rank - prevCount)) / Math.max(1, counts[i] - prevCount)) * 1000;
    }
    prevLe = les[i];
    prevCount = counts[i];
  }
  return NaN;
}

export async function runGenerator(serviceUrl: string, args: string[]): Promise<GeneratorRun> {
  const before = await scrapeBuckets(serviceUrl);
  const run = await runSampled(args);
  const after = await scrapeBuckets(serviceUrl);
  const served = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  return { stdout: run.stdout, serverP99Ms: quantileMs(before, after, 0.99), served, cpuPct: cpuPercent(run.samples, 2), seconds: run.seconds };
}

// Runs one generator as its own process on the load core and measures what the service saw
// over the same time: requests served, its own latency histogram (p99 from the bucket deltas,
// as Prometheus' histogram_quantile computes it) and the generator's CPU.
import { cpuSeconds, LOAD_CORE, spawnOn } from './service-processes.js';

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
  const started = performance.now();
  const child = spawnOn(LOAD_CORE, args);
  let out = '';
  let err = '';
  const samples: Array<{ t: number; cpu: number }> = [];
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  // Sampled while it runs: /proc/<pid> is gone once it has exited.
  const sampler = setInterval(() => {
    try {
      samples.push({ t: performance.now(), cpu: cpuSeconds(child.pid!) });
    } catch {
      // exited
    }
  }, 200);
  const code = await new Promise<number | null>((r) => child.once('close', r));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${err.slice(-400)}`);
  const after = await scrapeBuckets(serviceUrl);
  const served = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const from = samples.find((x) => x.t >= started + 2000) ?? samples[0];
  const to = samples.at(-1) ?? from;
  const cpuPct = from && to.t > from.t ? ((to.cpu - from.cpu) / ((to.t - from.t) / 1000)) * 100 : NaN;
  return { stdout: out, serverP99Ms: quantileMs(before, after, 0.99), served, cpuPct, seconds };
}

// The load side of bench/service.bench.ts, run as its own process (pinned to its own core):
// `node --import tsx bench/targets/service-load.ts saturated|users <url> <seconds>`; prints one JSON line.
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

// autocannon's own histogram holds whole milliseconds; this one holds microseconds.
const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
const arrivals: number[] = [];
let non2xx = 0;
let errors = 0;

function track(instance: autocannon.Instance): void {
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    histogram.recordValue(Math.max(1, Math.round(responseTime * 1000)));
    arrivals.push(performance.now());
    if (statusCode < 200 || statusCode > 299) non2xx++;
  });
  instance.on('reqError', () => errors++);
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    track(instance);
  });
}

/** 50 connections as fast as the service answers. */
async function saturated(url: string, seconds: number): Promise<void> {
  await run({ url, connections: 50, duration: seconds });
}

/**
 * 200 users, each one request per second, user i starting at i/200 of the second, so the
 * arrivals are spread evenly (connectionRate with 200 connections fires them all at once).
 */
async function users(url: string, seconds: number, count = 200): Promise<void> {
  const runs: Array<Promise<autocannon.Result>> = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, 1000 / count));
    runs.push(run({ url, connections: 1, overallRate: 1, duration: seconds }));
  }
  await Promise.all(runs);
}

const [mode, url, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const started = performance.now();
if (mode === 'saturated') await saturated(url, seconds);
else if (mode === 'users') await users(url, seconds);
else throw new Error(`unknown mode ${mode}`);
const elapsed = (performance.now() - started) / 1000;
// With users, count only the window in which every user is running (the first second is the stagger).
const windowStart = mode === 'users' ? started + 1000 : started;
const windowEnd = mode === 'users' ? started + seconds * 1000 : performance.now();
const inWindow = arrivals.filter((t) => t >= windowStart && t < windowEnd).length;
const result: LoadResult = {
  requests: histogram.totalCount,
  errors,
  non2xx,
  seconds: elapsed,
  rps: inWindow / ((windowEnd - windowStart) / 1000),
  p50Ms: histogram.getValueAtPercentile(50) / 1000,
  p99Ms: histogram.getValueAtPercentile(99) / 1000,
  maxMs: histogram.maxValue / 1000,
};
process.stdout.write(JSON.stringify(result) + '\n');

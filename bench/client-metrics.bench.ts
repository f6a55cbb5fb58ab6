// The cost and the accuracy of `o11y load`'s client metrics: the generator's CPU at 200 users
// for 60 s with the export (a lab folder whose Prometheus takes remote write) and without it (the
// same run from a folder whose lab is elsewhere: "went nowhere"), alternating, RUNS times; and the
// requests the export counted in Prometheus against the gradebook's own counter for the same run.
// CPU is CPU time from /proc (user + system), over the same window of every run, not wall time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ClientSeries } from '../cli/load/export/client-series.js';
import { encodeWriteRequest, pushWriteRequest } from '../cli/load/export/remote-write.js';
import { LOAD_METRIC } from '../server/metric-names.js';
import { buildCli } from '../test/support/cli-build.js';
import { freePort } from '../test/support/free-port.js';
import { startTempPrometheus, type TempPrometheus } from '../test/support/prometheus.js';
import { LOAD_CORE } from './support/cores.js';
import { each, spreadRow, valueRow } from './support/rows.js';
import { scrapeBuckets } from './support/run-generator.js';
import { cpuPercent, runSampled } from './support/sampled-run.js';
import { loadAverage, RUNS } from './support/stats.js';
import type { BenchSection } from './support/types.js';
import { startServiceLab } from './targets/service-lab.js';

const USERS = 200;
const SECONDS = Number(process.env.O11Y_BENCH_METRICS_S ?? 60);
/** CPU is compared over [3 s, SECONDS - 3 s] from the start: past start-up, before the end's work. */
const CPU_FROM_S = 3;

interface Run {
  cpuPct: number;
  summary: { requests: number; clientMetrics?: { run?: string }; sides?: { window: { end: number } } };
  /** The gradebook's GET /students/ count over the run (its preflight request included). */
  served: number;
}

async function runLoad(entry: string, cwd: string, serviceUrl: string): Promise<Run> {
  const before = await scrapeBuckets(serviceUrl);
  const args = [process.execPath, entry, 'load', '--target', serviceUrl, '--users', String(USERS), '-d', `${SECONDS}s`, '--json'];
  const run = await runSampled(args, { cwd, timeoutMs: (SECONDS + 60) * 1000 });
  const after = await scrapeBuckets(serviceUrl);
  return {
    cpuPct: cpuPercent(run.samples, CPU_FROM_S, SECONDS - CPU_FROM_S),
    summary: JSON.parse(run.stdout),
    served: (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0),
  };
}

async function exported(prom: TempPrometheus, r: Run): Promise<number> {
  const run = r.summary.clientMetrics?.run;
  const end = r.summary.sides?.window.end;
  if (!run || !end) throw new Error(`the run with the export has no run id or window: ${JSON.stringify(r.summary.clientMetrics)}`);
  const res = await prom.query(`sum(${LOAD_METRIC.responses}{run="${run}"})`, end);
  return Number(res[0]?.value[1] ?? NaN);
}

/**
 * The export's own work, in this process and without the noise of a shared machine's other
 * processes: CPU per recorded request (the recorder tap) and per push (series, protobuf, snappy,
 * the HTTP request to Prometheus), and what that makes per second at USERS requests/s.
 */
async function inProcessCost(prom: TempPrometheus): Promise<BenchSection> {
  const series = new ClientSeries('bench');
  const calls = 2_000_000;
  let t = process.cpuUsage();
  for (let i = 0; i < calls; i++) series.response(200, 500 + (i % 5000), 1_000_000);
  const tapUs = cpuUs(t) / calls;
  // What MetricsExporter does on each tick, on one keep-alive connection as it does.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const engine = { usersPlanned: USERS, usersActive: USERS, inFlight: 3, missed: 0, dropped: 0 };
  const push = async (timestamp: number) => {
    const timeseries = series.values(engine).map((v) => ({ labels: v.labels, samples: [{ value: v.value, timestamp }] }));
    const result = await pushWriteRequest(`${prom.url}/api/v1/write`, encodeWriteRequest(timeseries), 2000, agent);
    if (!result.ok) throw new Error(`push failed: ${result.reason}`);
  };
  const pushes = 200;
  const base = Date.now();
  for (let i = 0; i < 20; i++) await push(base + i); // warm-up: JIT, the connection
  t = process.cpuUsage();
  for (let i = 20; i < 20 + pushes; i++) await push(base + i);
  const pushUs = cpuUs(t) / pushes;
  agent.destroy();
  const perSecondPct = ((tapUs * USERS + pushUs) / 1e6) * 100;
  return {
    name: `The export's own CPU, measured in this process (process.cpuUsage): ${calls.toLocaleString('en-US')} recorded requests, ${pushes} pushes`,
    rows: [
      valueRow('per recorded request (the recorder tap), µs', tapUs.toFixed(3)),
      valueRow('per push (series, protobuf, snappy, HTTP on a kept-alive connection), µs', pushUs.toFixed(0)),
      valueRow(`per second at ${USERS} users (one push), % of a core (target < 1)`, perSecondPct.toFixed(3)),
    ],
  };
}

function cpuUs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return d.user + d.system;
}

function labFolder(ports: Record<string, number>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-metrics-bench-'));
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ ports, scrapeInterval: '1s' }));
  return dir;
}

export default async function clientMetricsBench(): Promise<BenchSection[]> {
  const lab = await startServiceLab();
  const cli = buildCli();
  const url = lab.ours.url;
  const appPort = Number(new URL(url).port);
  const prom = await startTempPrometheus(
    YAML.stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [new URL(url).host] }] }] }),
  );
  const withDir = labFolder({ app: appPort, prometheus: Number(new URL(prom.url).port) });
  // A lab elsewhere: the target is not its app, so nothing is exported.
  const withoutDir = labFolder({ app: await freePort(), prometheus: await freePort() });
  try {
    const on: Run[] = [];
    const off: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 === 0 ? [true, false] : [false, true];
      for (const exporting of order) (exporting ? on : off).push(await runLoad(cli.entry, exporting ? withDir : withoutDir, url));
    }
    const counts = await Promise.all(on.map((r) => exported(prom, r)));
    // The server also counted the preflight's GET /students/.
    const gaps = on.map((r, i) => (Math.abs(counts[i] - (r.served - 1)) / (r.served - 1)) * 100);
    const extra = on.map((r, i) => r.cpuPct - off[i].cpuPct);
    const served = on.map((r) => r.served - 1);
    return [
      await inProcessCost(prom),
      {
        name: `${USERS} users, ${SECONDS} s x ${RUNS}, alternating: client metrics export on / off`,
        rows: [
          spreadRow('generator CPU % of a core, export on', each(on, 'cpuPct'), 2),
          spreadRow('generator CPU % of a core, export off', each(off, 'cpuPct'), 2),
          spreadRow('difference, points of a core (target < 1)', extra, 2),
          spreadRow('requests counted in Prometheus (run label)', counts, 0),
          spreadRow("the gradebook's own count (less its preflight request)", served, 0),
          spreadRow('difference % (target < 0.5)', gaps, 3),
        ],
        notes: [
          `CPU: /proc/<pid>/stat utime + stime of the generator (pinned to core ${LOAD_CORE}), from ${CPU_FROM_S} s after its start to ${SECONDS - CPU_FROM_S} s, per second of that window`,
          'export on: pushes once a second to a real Prometheus (Debian 2.42, --web.enable-remote-write-receiver) on loopback; export off: the same command from a folder whose lab is elsewhere',
          `load average (1, 5, 15 min) at the end: ${loadAverage()}`,
        ],
      },
    ];
  } finally {
    rmSync(withDir, { recursive: true, force: true });
    rmSync(withoutDir, { recursive: true, force: true });
    await prom.stop();
    cli.remove();
    await lab.destroy();
  }
}

// o11y load: accuracy (achieved vs asked RPS at 200, 1,000 and 2,000 users, counted by the
// service's own /metrics over a hold window), the generator's CPU at 200 users, and its
// flat-out rate (--max); Locust (Debian python3-locust) with the same users when installed.
// The service runs in its own process pinned to core 0, generators on core 1 (with 2+ cores and taskset).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess, type RunningProcess } from '../test/support/child-process.js';
import { buildCli } from '../test/support/cli-build.js';
import { startGradebookProcess, type GradebookProcess } from '../test/support/gradebook-process.js';
import { LOAD_CORE, onCore, PINNED, SERVICE_CORE } from './support/cores.js';
import { cpuSeconds } from './support/cpu-time.js';
import type { BenchRow, BenchSection } from './support/types.js';

const HOLD_S = Number(process.env.O11Y_BENCH_LOAD_HOLD_S ?? 20);
// O11Y_BENCH_LOAD_HOLD_S shortens the holds for a quick check.
const RAMP_S = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A generator on the load core (when pinning), run to its end by measure(). */
const launch = (argv: string[]) => startProcess(argv, { name: path.basename(argv[0]), cpu: onCore(LOAD_CORE) });

interface Sample {
  t: number;
  served: number;
  cpu: number;
}

/**
 * Runs a generator while sampling the service's request counter (and the generator's CPU) every
 * 500 ms; the window starts 3 s after the ramp (from the first request the service saw) and ends
 * 2 s before the planned end.
 */
async function measure(svc: GradebookProcess, generator: Promise<RunningProcess>, rampS: number, holdS: number) {
  const proc = await generator;
  let done = false;
  // Bounded: the planned run and a minute more.
  const exited = proc.finished((rampS + holdS + 60) * 1000).finally(() => (done = true));
  exited.catch(() => undefined); // its failure is thrown below, after the loop
  const samples: Sample[] = [];
  const base = await svc.requestsServed();
  while (!done) {
    const t = performance.now();
    const served = (await svc.requestsServed()) - base;
    let cpu = NaN;
    try {
      cpu = cpuSeconds(proc.pid);
    } catch {
      // exited
    }
    samples.push({ t: (t + performance.now()) / 2, served, cpu });
    await sleep(500);
  }
  const code = await exited;
  const err = proc.stderr();
  const out = proc.stdout();
  const first = samples.find((s) => s.served > 0);
  if (!first) throw new Error(`generator sent nothing (exit ${code}): ${err.slice(-500)}`);
  const at = (ms: number) => samples.reduce((best, s) => (Math.abs(s.t - ms) < Math.abs(best.t - ms) ? s : best));
  const a = at(first.t + (rampS + 3) * 1000);
  const b = at(first.t + (rampS + holdS - 2) * 1000);
  const seconds = (b.t - a.t) / 1000;
  return {
    code,
    stdout: out,
    serverRps: (b.served - a.served) / seconds,
    cpuPct: ((b.cpu - a.cpu) / seconds) * 100,
    windowS: seconds,
  };
}

/** A row of the accuracy table: what the service counted against what `users` ask, and what the generator said. */
function accuracyRow(
  generator: string,
  users: number,
  m: { serverRps: number; cpuPct: number },
  own: { p50: string | number; p99: string | number; failed: string | number },
): BenchRow {
  return {
    generator,
    users,
    'server rps': m.serverRps.toFixed(1),
    error: `${(((m.serverRps - users) / users) * 100).toFixed(2)}%`,
    'p50 ms': own.p50,
    'p99 ms': own.p99,
    failed: own.failed,
    'cpu % of a core': m.cpuPct.toFixed(1),
  };
}

function locustInstalled(): boolean {
  try {
    execFileSync('locust', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function debianVersion(pkg: string): string {
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format, not a template
    return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg]).toString();
  } catch {
    return '?';
  }
}

/** The "Aggregated" row of Locust's --csv stats: percentiles in whole milliseconds. */
function locustLatency(file: string): { p50: string; p99: string; failed: string } {
  try {
    const [head, ...rows] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const row = rows.find((r) => r.includes('Aggregated')) ?? rows.at(-1)!;
    const col = (name: string) => row[head.findIndex((h) => h.replace(/"/g, '') === name)] ?? '?';
    return { p50: col('50%'), p99: col('99%'), failed: col('Failure Count') };
  } catch {
    return { p50: '?', p99: '?', failed: '?' };
  }
}

export default async function bench(): Promise<BenchSection[]> {
  const cli = buildCli();
  const svc = await startGradebookProcess({ cpu: onCore(SERVICE_CORE) });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'o11y-load-bench-'));
  const notes = [
    `service in its own process${PINNED ? ` on core ${SERVICE_CORE}, generators on core ${LOAD_CORE} (taskset)` : ' (not pinned: one core, or no taskset)'}; PostgreSQL unpinned`,
    `window: from 3 s after a ${RAMP_S} s ramp to 2 s before the end of a ${HOLD_S} s hold; counted by the service (/metrics http_requests_total)`,
    `1-min load average at the end: ${os.loadavg()[0].toFixed(2)} (above ~1 means other work shared the cores)`,
  ];
  try {
    const ours = (users: number) =>
      launch([process.execPath, cli.entry, 'load', '--target', svc.url, '--users', String(users), '--ramp', `${RAMP_S}s`, '-d', `${HOLD_S}s`, '--json']);
    const accuracy: BenchRow[] = [];
    let cpuAt200 = NaN;
    for (const users of [200, 1000, 2000]) {
      const m = await measure(svc, ours(users), RAMP_S, HOLD_S);
      const s = JSON.parse(m.stdout);
      if (users === 200) cpuAt200 = m.cpuPct;
      accuracy.push(accuracyRow('o11y load', users, m, { ...s.latencyMs, failed: s.failed }));
    }

    let locustNote = 'Locust: not installed (apt-get install python3-locust)';
    if (locustInstalled()) {
      const file = path.join(tmp, 'locustfile.py');
      writeFileSync(
        file,
        [
          'from locust import HttpUser, task, constant_throughput',
          'class Student(HttpUser):',
          '    wait_time = constant_throughput(1)',
          '    @task',
          '    def students(self):',
          '        self.client.get("/students/")',
          '',
        ].join('\n'),
      );
      for (const users of [200, 1000]) {
        const csv = path.join(tmp, `locust-${users}`);
        const m = await measure(
          svc,
          launch([
            'locust',
            '-f',
            file,
            '--headless',
            '-u',
            String(users),
            '-r',
            String(users / RAMP_S),
            '-t',
            `${RAMP_S + HOLD_S}s`,
            '-H',
            svc.url,
            '--only-summary',
            '--loglevel',
            'WARNING',
            '--csv',
            csv,
          ]),
          RAMP_S,
          HOLD_S,
        );
        const latency = locustLatency(`${csv}_stats.csv`);
        accuracy.push(accuracyRow('locust (python3-locust)', users, m, latency));
      }
      locustNote = `Locust ${debianVersion('python3-locust')} (Debian python3-locust): constant_throughput(1) users, headless, same target and window; its p50/p99 are whole ms over the whole run`;
    }

    const max = await measure(
      svc,
      launch([process.execPath, cli.entry, 'load', '--target', svc.url, '--max', '--connections', '50', '-d', '15s', '--json']),
      0,
      15,
    );
    const ms = JSON.parse(max.stdout);
    return [
      { name: 'load accuracy: achieved vs asked requests/s', rows: accuracy, notes: [...notes, locustNote] },
      {
        name: 'load generator cost and ceiling',
        rows: [
          { measure: 'generator CPU at 200 users (target <= 5 % of a core)', value: `${cpuAt200.toFixed(1)} %` },
          { measure: '--max, 50 connections, 15 s: requests/s (served)', value: max.serverRps.toFixed(0) },
          { measure: '--max: p50 / p99 ms', value: `${ms.latencyMs.p50} / ${ms.latencyMs.p99}` },
          { measure: '--max: generator CPU % of a core', value: max.cpuPct.toFixed(0) },
        ],
        notes: ['--max saturates whichever is slower: the service on its one core, or the generator on its one core'],
      },
    ];
  } finally {
    await svc.stop();
    cli.remove();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Pacing at 200 users against the gradebook: the service's own p99 (its histogram) under
// `o11y load --users 200` against under the reference generator (bench/targets/reference-users.ts, one
// timer per request), alternating, RUNS times in one run; client p99 and generator CPU too, the
// CPU against a raw-socket loop's (bench/targets/raw-socket-users.ts), the least any generator pays here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../test/support/cli-build.js';
import { atMost, each, spreadFigure, spreadRow } from './support/rows.js';
import { runGenerator, type GeneratorRun } from './support/run-generator.js';
import { loadAverage, RUNS } from './support/stats.js';
import type { BenchSection } from './support/types.js';
import { startServiceLab } from './targets/service-lab.js';

const targets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'targets');
const USERS = 200;
// Long enough that the service's p99 rests on ~40 requests per run, not a handful.
const SECONDS = 20;

export default async function pacingBench(): Promise<BenchSection[]> {
  const lab = await startServiceLab();
  const cli = buildCli();
  const url = lab.ours.url;
  try {
    const ours: Array<GeneratorRun & { clientP99: number; offSchedule: number }> = [];
    const ref: Array<GeneratorRun & { clientP99: number; late: number }> = [];
    const runOurs = async () => {
      const r = await runGenerator(url, [process.execPath, cli.entry, 'load', '--target', url, '--users', String(USERS), '-d', `${SECONDS}s`, '--json']);
      const s = JSON.parse(r.stdout);
      ours.push({ ...r, clientP99: s.latencyMs.p99, offSchedule: s.offSchedule ?? 0 });
    };
    const runRef = async () => {
      const r = await runGenerator(url, [
        process.execPath,
        '--import',
        'tsx',
        path.join(targets, 'reference-users.ts'),
        `${url}/students/`,
        String(USERS),
        String(SECONDS),
      ]);
      const s = JSON.parse(r.stdout);
      ref.push({ ...r, clientP99: s.p99Ms, late: s.late });
    };
    const floor: GeneratorRun[] = [];
    const runFloor = async () => {
      floor.push(
        await runGenerator(url, [
          process.execPath,
          '--import',
          'tsx',
          path.join(targets, 'raw-socket-users.ts'),
          `${url}/students/`,
          String(USERS),
          String(SECONDS),
        ]),
      );
    };
    await runRef(); // warm-up
    ref.length = 0;
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) await runOurs().then(runRef);
      else await runRef().then(runOurs);
      await runFloor();
    }
    const ratios = ours.map((o, i) => o.serverP99Ms / ref[i].serverP99Ms);
    const cpu = each(ours, 'cpuPct');
    const overFloor = ours.map((o, i) => o.cpuPct / floor[i].cpuPct);
    return [
      {
        figures: [
          spreadFigure(`${USERS} users: service p99 under o11y load / under the reference generator`, ratios, { target: atMost(1.1) }),
          spreadFigure(`${USERS} users: generator CPU, % of a core`, cpu, { digits: 1, target: atMost(5, 0) }),
          spreadFigure(`${USERS} users: generator CPU / a raw-socket loop's (the floor)`, overFloor),
        ],
        name: `${USERS} users, ${SECONDS} s x ${RUNS}, alternating: service p99 under o11y load / under the reference generator (target <= 1.10)`,
        rows: [
          spreadRow('service p99 ratio o11y load / reference', ratios),
          spreadRow('service p99 ms, o11y load', each(ours, 'serverP99Ms'), 3),
          spreadRow('service p99 ms, reference', each(ref, 'serverP99Ms'), 3),
          spreadRow('client p99 ms, o11y load', each(ours, 'clientP99'), 3),
          spreadRow('client p99 ms, reference', each(ref, 'clientP99'), 3),
          spreadRow('sends > 1 ms off their due time, o11y load', each(ours, 'offSchedule'), 0),
          spreadRow('generator CPU % of a core, o11y load (target <= 5)', each(ours, 'cpuPct'), 1),
          spreadRow('CPU % of a core, raw-socket loop (bench/targets/raw-socket-users.ts: the floor)', each(floor, 'cpuPct'), 1),
          spreadRow('generator CPU % of a core, reference', each(ref, 'cpuPct'), 1),
        ],
        notes: [
          'service p99 from its own http_request_duration_seconds histogram (delta over each run, linear within the bucket as histogram_quantile)',
          `load average (1, 5, 15 min) at the end: ${loadAverage()}`,
        ],
      },
    ];
  } finally {
    cli.remove();
    await lab.destroy();
  }
}

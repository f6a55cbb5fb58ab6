// Achieved rates against the real gradebook (its own process, real PostgreSQL), counted by
// the generator and by the service's own /metrics, so the rate is real and not just claimed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { plannedRequests, rampThenHold, type LoadPlan } from '../../cli/load/plan.js';
import { StopWhenOutput } from '../../cli/load/outputs/stop-when-output.js';
import { summaryHeadline, summaryRows } from '../../cli/load/report/summary-table.js';
import { startLoad, type RunOptions } from '../../cli/load/run-load.js';
import type { Summary, Tick } from '../../cli/load/summary.js';
import { startGradebookProcess, type GradebookProcess } from '../support/gradebook-process.js';

let svc: GradebookProcess;
before(async () => {
  svc = await startGradebookProcess();
});
after(async () => {
  await svc?.stop();
});

interface Measured {
  summary: Summary;
  /** Requests/s the service counted between windowFrom and windowTo (seconds into the run). */
  serverRps: number;
  /** Requests the service's count may be off by: those of half the time each counter read took, and the backlog caught up. */
  serverSlack: number;
  /** Mean of the generator's per-second rps over the same whole seconds. */
  generatorRps: number;
  /** Requests the generator's count may be off by: answers still out at one edge and not the other. */
  generatorSlack: number;
  ticks: Tick[];
}

/** Runs a plan; samples the service's request counter, and the generator's backlog, at the two window edges. */
async function measure(opts: Omit<RunOptions, 'target'>, windowFrom: number, windowTo: number): Promise<Measured> {
  const samples: Array<Promise<{ t: number; n: number; ms: number; backlog: number }>> = [];
  // The generator's backlog: requests the plan had due by now that have not finished. A busy
  // machine can stall the generator before the window and let it catch up inside, which a
  // working generator does; one that sends too few never catches up (the run's total says so).
  let startedAt = 0;
  let finished = 0;
  const count = () => void finished++;
  const backlog = () => plannedRequests(opts.plan, performance.now() - startedAt) - finished;
  const sample = () => {
    const t = performance.now();
    const due = backlog();
    return svc.requestsServed().then((n) => ({ t: (t + performance.now()) / 2, n, ms: performance.now() - t, backlog: due }));
  };
  const edges = {
    tap: { response: count, error: count, timeout: count },
    start: () => {
      startedAt = performance.now();
    },
    tick: ({ tick: t }: { tick: Tick }) => {
      if (Math.round(t.elapsedS) === windowFrom || Math.round(t.elapsedS) === windowTo) samples.push(sample());
    },
  };
  const run = startLoad({ ...opts, target: { origin: svc.url, path: '/students/', method: 'GET', timeoutMs: 10_000 }, outputs: [edges] });
  const summary = await run.done;
  assert.equal(samples.length, 2, 'both window edges were sampled');
  const [a, b] = await Promise.all(samples);
  const ticks = summary.timeline.filter((t) => t.elapsedS > windowFrom + 0.5 && t.elapsedS < windowTo + 0.5);
  return {
    summary,
    serverRps: (b.n - a.n) / ((b.t - a.t) / 1000),
    serverSlack: (((a.ms + b.ms) / 2) * (b.n - a.n)) / (b.t - a.t) + Math.max(0, a.backlog),
    generatorRps: ticks.reduce((s, t) => s + t.rps, 0) / ticks.length,
    generatorSlack: Math.abs(inFlightAt(summary.timeline, windowFrom) - inFlightAt(summary.timeline, windowTo)) + Math.max(0, a.backlog),
    ticks,
  };
}

const inFlightAt = (timeline: Tick[], s: number) => timeline.find((t) => Math.round(t.elapsedS) === s)?.inFlight ?? 0;

/**
 * Within 1 % of the target, plus 2 requests of counting granularity at the window's edges, plus
 * `slack`: the requests a busy machine can shift across an edge without any fault (measured in
 * the same run: how long the counter reads took, how many answers were out at the edges).
 */
function assertRate(actual: number, expected: number, windowS: number, what: string, slack: number): void {
  const tolerance = expected * 0.01 + (2 + slack) / windowS;
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual.toFixed(2)} requests/s, expected ${expected} ± ${tolerance.toFixed(2)} (${slack.toFixed(1)} requests of slack measured)`,
  );
}

describe('achieved rate', () => {
  for (const users of [20, 200]) {
    test(`${users} users send ${users} requests/s once ramped (generator and service agree)`, async () => {
      const m = await measure({ mode: 'users', plan: rampThenHold(users, 2000, 10_000) }, 3, 11);
      assertRate(m.serverRps, users, 8, 'counted by the service', m.serverSlack);
      assertRate(m.generatorRps, users, 8, 'counted by the generator', m.generatorSlack);
      assert.equal(m.summary.requests, m.summary.plannedRequests, 'every planned request was sent and answered');
      assert.equal(m.summary.failed, 0);
      assert.equal(m.summary.missed, 0);
    });
  }

  test('a ramp climbs to its target, then holds it', async () => {
    const m = await measure({ mode: 'users', plan: rampThenHold(100, 5000, 4000) }, 5, 9);
    const levels = m.summary.timeline.map((t) => t.level);
    for (let i = 1; i < 5; i++) assert.ok(levels[i] > levels[i - 1], `users rise during the ramp: ${levels.join(', ')}`);
    assert.equal(levels[4], 100);
    // First second of a 0 -> 100 ramp over 5 s: on average 10 users, so ~10 requests.
    assert.ok(Math.abs(m.summary.timeline[0].rps - 10) <= 2, `first second ${m.summary.timeline[0].rps} rps`);
    assertRate(m.serverRps, 100, 4, 'held after the ramp, counted by the service', m.serverSlack);
  });

  test('stages step up and back down to zero, sending what they plan', async () => {
    const plan: LoadPlan = {
      start: 0,
      stages: [
        { durationMs: 1000, target: 60 },
        { durationMs: 3000, target: 60 },
        { durationMs: 2000, target: 0 },
      ],
    };
    const before = await svc.requestsServed();
    const m = await measure({ mode: 'users', plan }, 1, 4);
    const served = (await svc.requestsServed()) - before;
    assertRate(m.serverRps, 60, 3, 'the 60-user step', m.serverSlack);
    // 30 (ramp up) + 180 (hold) + 60 (ramp down)
    assert.equal(m.summary.plannedRequests, 270);
    assert.equal(m.summary.requests, 270);
    assert.equal(served, 270, 'the service answered exactly what the generator sent');
    assert.ok(m.summary.timeline.at(-1)!.level === 0);
  });

  test('--rate sends a fixed request rate (open model)', async () => {
    const m = await measure({ mode: 'rate', plan: rampThenHold(150, 0, 6000) }, 1, 5);
    assertRate(m.serverRps, 150, 4, 'counted by the service', m.serverSlack);
    assert.equal(m.summary.requests, 900);
  });
});

describe('stopping early', () => {
  test('stopWhen (the --until-alert hook) ends the run after the tick that satisfies it', async () => {
    const seen: number[] = [];
    const run = startLoad({
      mode: 'users',
      plan: rampThenHold(10, 0, 60_000),
      target: { origin: svc.url, path: '/students/', method: 'GET', timeoutMs: 10_000 },
      outputs: [
        new StopWhenOutput(async (tick) => {
          seen.push(tick.elapsedS);
          return tick.elapsedS >= 2 ? 'HighRequestRate firing' : false;
        }),
      ],
    });
    const s = await run.done;
    assert.equal(s.stopReason, 'condition');
    assert.equal(s.stopDetail, 'HighRequestRate firing');
    // Right after the 2-s tick (timers may fire a millisecond early), before the 3-s one.
    assert.ok(s.durationS >= 1.95 && s.durationS < 3, `stopped after ${s.durationS}s`);
    assert.deepEqual(
      s.timeline.map((t) => Math.round(t.elapsedS)),
      [1, 2],
    );
    assert.ok(Math.abs(s.requests - s.durationS * 10) <= 2, `${s.requests} requests in ${s.durationS}s`);
    // The table says the run ended on its condition, not that it fell short of a plan.
    assert.match(summaryHeadline(s), /, ended on its stop condition \(HighRequestRate firing\)$/);
    const requests = summaryRows(s).find(([label]) => label === 'requests')?.[1] ?? '';
    assert.match(requests, /^\d+ {2}\(sent until the run ended on its stop condition\)$/);
    assert.doesNotMatch(requests, /planned/);
  });

  test('an AbortSignal stops the run and the summary still comes', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1500);
    const s = await startLoad({
      mode: 'rate',
      plan: rampThenHold(50, 0, 60_000),
      target: { origin: svc.url, path: '/students/', method: 'GET', timeoutMs: 10_000 },
      signal: ac.signal,
    }).done;
    assert.equal(s.stopReason, 'aborted');
    assert.ok(s.durationS < 2.5 && s.requests >= 60, `${s.requests} requests in ${s.durationS}s`);
  });
});

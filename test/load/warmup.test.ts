// --warmup: the run's first seconds are sent as planned and shown second by second, but no
// summary figure, verdict or threshold counts them; a run that ends within its warm-up counts all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rampThenHold } from '../../cli/load/plan.js';
import { liveLine } from '../../cli/load/report/live-line.js';
import { summaryTable } from '../../cli/load/report/summary-table.js';
import { startLoad } from '../../cli/load/run-load.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let stalling: TrivialServer;
let fast: TrivialServer;
before(async () => {
  // 300 ms without answers in the run's second second (the probe's first request starts its clock).
  stalling = await startTrivialServer({ stall: { atMs: 1500, forMs: 300 } });
  fast = await startTrivialServer();
});
after(async () => {
  await stalling?.close();
  await fast?.close();
});

const target = (s: TrivialServer) => ({ origin: s.url, path: '/students/', method: 'GET', timeoutMs: 10_000 });

test('a stall within the warm-up is in the timeline, in no figure of the summary, and breaks no threshold', async () => {
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(500, 0, 5000), target: target(stalling), warmupS: 3, thresholds: { maxP99Ms: 100 } }).done;
  // Without the warm-up this run has a 250+ ms tail and ~150 sends that waited (open-model.test.ts).
  assert.ok(Math.max(...s.timeline.slice(0, 3).map((t) => t.latencyMs.max)) >= 250, 'the stall is in the warm-up seconds of the timeline');
  // The summary's slowest answer is the slowest of the seconds after the warm-up (however slow a
  // busy machine made those), not the stall's.
  const after = Math.max(...s.timeline.slice(3).map((t) => t.latencyMs.max));
  assert.equal(s.latencyMs.max, after, `max ${s.latencyMs.max} ms, ${after} ms after the warm-up: the stall leaked into the summary`);
  assert.equal(s.waited, 0, 'sends that waited in the warm-up are not counted');
  assert.equal(s.stalls, undefined);
  assert.equal(s.saturated, false);
  assert.deepEqual(
    s.thresholds.map((t) => t.ok),
    [true],
  );
  assert.deepEqual(
    s.timeline.map((t) => Boolean(t.warmup)),
    s.timeline.map((_, i) => i < 3),
  );
  assert.ok(s.warmup?.excluded);
  assert.equal(s.warmup.seconds, 3);
  // Every planned request is either in the warm-up or in the figures, none in both.
  assert.equal(s.warmup.requests + s.requests, 2500);
  assert.ok(Math.abs(s.requests - 1000) <= 10, `${s.requests} counted requests for the 2 s after the warm-up`);
  // Planned from the moment the warm-up ended; answers still out then, and sends a busy machine
  // made late across it, are counted after it: that much slack, measured in this run.
  const slack = 10 + s.timeline[2].inFlight + (s.offSchedule ?? 0);
  assert.ok(Math.abs((s.plannedRequests ?? 0) - s.requests) <= slack, `planned ${s.plannedRequests} after the warm-up, ${s.requests} counted (slack ${slack})`);
  assert.ok(Math.abs(s.durationS - 2) < 0.1, `${s.durationS} s counted`);
  assert.ok(Math.abs(s.rps - 500) < 25, `${s.rps} requests/s after the warm-up`);
  const table = summaryTable(s);
  assert.match(table, /2\.0s after a 3s warm-up, completed/);
  assert.match(table, /rps +\d+\.\d {2}\(over the run after the warm-up\)/);
  assert.match(table, /warm-up +the first 3s \(1,\d{3} requests, 0 failed\) are not in these figures/);
  assert.match(liveLine(s.timeline[0], 'rate'), /warm-up: not in the summary/);
  assert.doesNotMatch(liveLine(s.timeline[4], 'rate'), /warm-up/);
});

/** A run of `mode` on `fast` with a warm-up, stopped (like Ctrl-C) `stopAtMs` after its start. */
async function stoppedAt(stopAtMs: number, warmupS: number, mode: 'users' | 'max' = 'users') {
  const served0 = fast.served();
  const ac = new AbortController();
  const plan = rampThenHold(20, 0, 10_000);
  // Timed from the run's start (after the engine prepared its connections, which a busy machine slows), as the run counts.
  const fromStart = { start: () => void setTimeout(() => ac.abort(), stopAtMs) };
  const run = startLoad({ mode, plan, target: target(fast), connections: 2, warmupS, signal: ac.signal, outputs: [fromStart] });
  const s = await run.done;
  return { s, served: fast.served() - served0 };
}

test('a run stopped within its warm-up, or less than a second after it, keeps every figure, and says so', async () => {
  for (const [stopAtMs, warmupS] of [
    [1500, 5],
    [2100, 2],
  ]) {
    const { s, served } = await stoppedAt(stopAtMs, warmupS);
    assert.equal(s.stopReason, 'aborted');
    assert.equal(s.warmup?.excluded, false, `stopped at ${stopAtMs} ms with a ${warmupS}s warm-up`);
    assert.equal(s.requests, served, `${s.requests} of the ${served} requests the server answered are in the figures`);
    assert.equal(s.warmup.requests, s.requests);
    assert.ok(Math.abs(s.durationS - stopAtMs / 1000) < 0.2, `${s.durationS} s`);
    assert.ok(
      s.timeline.every((t) => !t.warmup),
      'its seconds count like any other',
    );
    assert.match(summaryTable(s), new RegExp(`the run ended within its ${warmupS}s warm-up: these figures include it`));
  }
});

test('--max: the warm-up is left out of its figures too', async () => {
  const { s, served } = await stoppedAt(3000, 1, 'max');
  assert.ok(s.warmup?.excluded);
  // autocannon runs on to its next one-second sample after the stop, uncounted: the server saw more.
  assert.ok(served >= s.warmup.requests + s.requests, `${s.warmup.requests} + ${s.requests} of ${served} answers`);
  // The warm-up's requests are its seconds' on the timeline, the counted ones the seconds after:
  // rps × the second's length, both written rounded (elapsedS to 0.1 s: a second's length ±0.1 s).
  // How many each holds is the machine's affair.
  const spanOf = (i: number) => s.timeline[i].elapsedS - (s.timeline[i - 1]?.elapsedS ?? 0);
  const near = (n: number, warmup: boolean, what: string) => {
    const ticks = s.timeline.map((t, i) => ({ t, span: spanOf(i) })).filter(({ t }) => Boolean(t.warmup) === warmup);
    const expected = ticks.reduce((sum, { t, span }) => sum + t.rps * span, 0);
    const slack = ticks.reduce((sum, { t, span }) => sum + 0.1 * t.rps + 0.05 * span, 1);
    assert.ok(n > 0 && Math.abs(n - expected) <= slack, `${n} ${what}, its seconds on the timeline ${expected.toFixed(1)} ± ${slack.toFixed(1)}`);
  };
  near(s.warmup.requests, true, 'in the warm-up');
  near(s.requests, false, 'counted after it');
  assert.ok(Math.abs(s.durationS - 2) < 0.2, `${s.durationS} s counted`);
  assert.ok(Math.abs(s.rps - s.requests / s.durationS) < 1);
  assert.equal(s.timeline[0].warmup, true);
  assert.equal(s.timeline[1].warmup, undefined);
});

test('users: sends missed while a user waited out a stall in the warm-up are not in the summary', async () => {
  // 2.6 s without answers from 1 s: a waiting user owes one send and misses the next (pacer.ts).
  const run = async (warmupS?: number) => {
    const slow = await startTrivialServer({ stall: { atMs: 1000, forMs: 2600 } });
    try {
      return await startLoad({ mode: 'users', plan: rampThenHold(20, 0, 6000), target: target(slow), warmupS }).done;
    } finally {
      await slow.close();
    }
  };
  const without = await run();
  assert.ok((without.missed ?? 0) >= 10, `without a warm-up the stall cost ${without.missed} sends`);
  const s = await run(4);
  assert.ok(s.warmup?.excluded);
  assert.equal(s.missed, 0, 'sends missed in the warm-up are not counted after it');
  assert.ok(s.latencyMs.max < 1000, `max ${s.latencyMs.max} ms: the stall leaked into the summary`);
});

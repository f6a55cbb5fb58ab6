// The open model (--rate) against a local trivial server: it holds the rate second by second,
// never holds more connections than asked or than the open-file limit allows, and when the
// target cannot keep up it says so and drops (and counts) sends instead of queueing without end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionCap, openFileLimit } from '../../cli/load/fd-limit.js';
import { rampThenHold } from '../../cli/load/plan.js';
import { startLoad } from '../../cli/load/run-load.js';
import { buildRunOptions } from '../../cli/load/run-options.js';
import { summaryTable } from '../../cli/load/report/summary-table.js';
import { liveLine } from '../../cli/load/report/live-line.js';
import { SaturationWatch, saturationOf, stalled } from '../../cli/load/saturation.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let fast: TrivialServer;
let slow: TrivialServer;
let stalling: TrivialServer;
before(async () => {
  fast = await startTrivialServer();
  slow = await startTrivialServer({ delayMs: 200 });
  // The latency probe's requests come first (within 250 ms); the stall lands in the run's second second.
  stalling = await startTrivialServer({ stall: { atMs: 1500, forMs: 300 } });
});
after(async () => {
  await fast?.close();
  await slow?.close();
  await stalling?.close();
});

const target = (s: TrivialServer) => ({ origin: s.url, path: '/students/', method: 'GET', timeoutMs: 10_000 });

test('--rate holds the rate in every second, and in total, without a start-up burst', async () => {
  const served0 = fast.served();
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(400, 0, 5000), target: target(fast) }).done;
  assert.equal(s.requests, 2000);
  assert.equal(fast.served() - served0, 2000 + s.latencyProbe!.requests, 'the server saw exactly the planned requests and the latency probe');
  // Whole seconds only; ±20 % per second absorbs a loaded machine's hiccups, a burst or stall does not fit.
  for (const t of s.timeline.filter((x) => x.elapsedS <= 5.05)) assert.ok(Math.abs(t.rps - 400) <= 80, `second ${t.elapsedS}: ${t.rps} requests/s`);
  assert.equal(s.dropped, 0);
  assert.ok((s.connections ?? 0) < 100, `${s.connections} connections for 400 requests/s at sub-ms latency`);
});

test('the connection cap is half the open-file limit, and --connections above it is lowered with a note', () => {
  const limits =
    'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n';
  assert.equal(openFileLimit(limits), 1024);
  assert.equal(connectionCap(1024), 512);
  assert.equal(openFileLimit('garbage'), 1024, 'unreadable: the usual default');
  const cap = connectionCap();
  assert.ok(cap <= openFileLimit() / 2);
  const r = buildRunOptions({ rate: '100', connections: String(cap + 1000) }, DEFAULT_CONFIG);
  assert.equal(r.run.connections, cap);
  assert.ok(
    r.notes.some((n) => /more than this process may hold/.test(n)),
    r.notes.join('\n'),
  );
});

test('a target that cannot keep up: sends wait on at most --connections, then are dropped, counted and said', async () => {
  const conns0 = slow.connections();
  // 4 connections at 200 ms serve 20 requests/s; 1,000/s asked for 3 s overflows the 2,000-send queue.
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(1000, 0, 3000), target: target(slow), connections: 4 }).done;
  assert.ok(slow.connections() - conns0 <= 4, `${slow.connections() - conns0} connections opened, cap 4`);
  assert.equal(s.saturated, true);
  assert.ok((s.dropped ?? 0) > 500, `${s.dropped} dropped`);
  assert.ok(s.requests < 200, `${s.requests} requests finished`);
  assert.ok((s.waited ?? 0) >= (s.dropped ?? 0));
  const table = summaryTable(s);
  assert.match(table, /saturated .*the target cannot keep up with 1000 req\/s/);
  assert.match(table, /dropped .*sends not made/);
  // A generator that used a whole core cannot tell its own limit from the target's, and says so.
  assert.ok(s.generatorCpu !== undefined && s.generatorCpu < 0.9, `generator CPU ${s.generatorCpu}`);
  assert.doesNotMatch(table, /generator +used/);
  const busyTable = summaryTable({ ...s, generatorCpu: 0.97 });
  assert.match(busyTable, /saturated .*the target, or this generator at its limit, cannot keep up with 1000 req\/s/);
  assert.match(busyTable, /generator +used 97% of a core: at its limit/);
  // The live line says the same, second by second, as the summary's verdict.
  const watch = new SaturationWatch();
  const words = s.timeline.map((t) => liveLine(t, 'rate', watch.add(t)));
  const busy = s.timeline.findIndex((t) => (t.dropped ?? 0) > 0);
  assert.match(words[busy], /saturated: \d+ waited for a connection, \d+ dropped/);
  // Waiting counts in the latency: 1,000/s behind 20/s served means seconds, not 200 ms.
  assert.ok(s.latencyMs.p99 > 1000, `p99 ${s.latencyMs.p99} ms`);
});

test('one stall of a target that keeps up otherwise is a brief stall, not saturation', async () => {
  // 300 ms without answers at 500 requests/s: every connection is busy and ~150 sends wait (far
  // more than 1 % of the run's), then the target takes the rate again.
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(500, 0, 4000), target: target(stalling) }).done;
  assert.ok((s.waited ?? 0) > 0.01 * s.requests, `${s.waited} of ${s.requests} sends waited: the stall was not seen`);
  assert.equal(s.dropped, 0);
  assert.equal(s.saturated, false, 'one stall is not saturation');
  assert.equal(s.stalls, 1);
  const table = summaryTable(s);
  assert.match(table, /stalls .*sends waited for a connection \(counted in their latency\); one brief stall the target recovered from/);
  assert.doesNotMatch(table, /saturated/);
  // The wait counts in the latency: the stall shows in the tail.
  assert.ok(s.latencyMs.max >= 250, `max ${s.latencyMs.max} ms`);
});

test('saturation: behind 3 s in a row, stalled 5 s in a row, behind all of a short run, or a drop; the rest are brief stalls', () => {
  // waited: sends that waited in the second; waiting: still waiting at its end; 1,000 sent.
  const sec = (waited: number, waiting = waited, dropped = 0) => ({
    elapsedS: 1,
    level: 1000,
    rps: 1000,
    latencyMs: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
    failed: 0,
    inFlight: 0,
    sent: 1000,
    waited,
    waiting,
    dropped,
  });
  assert.deepEqual(saturationOf([sec(0), sec(50), sec(50), sec(0), sec(50), sec(0)], 0), { saturated: false, stalls: 2 });
  assert.deepEqual(saturationOf([sec(0), sec(50), sec(50), sec(50), sec(0)], 0), { saturated: true, stalls: 0 });
  assert.deepEqual(
    saturationOf([sec(0), sec(50, 0), sec(50, 0), sec(50, 0), sec(50, 0), sec(0)], 0),
    { saturated: false, stalls: 1 },
    'four stalled seconds, each drained by its end: the target kept up',
  );
  assert.equal(saturationOf([sec(0), ...Array.from({ length: 5 }, () => sec(400, 0))], 0).saturated, true, 'stalled five seconds in a row, drained or not');
  assert.equal(saturationOf([sec(50), sec(50)], 0).saturated, true, 'behind all through a 2 s run');
  assert.equal(saturationOf([], 0).saturated, false, 'no whole second: nothing to judge');
  assert.equal(saturationOf([sec(0), sec(10), sec(0)], 0).saturated, false, '1 % of a second waiting is not a stall');
  assert.equal(saturationOf([sec(0), sec(0), sec(0)], 1).saturated, true, 'a dropped send');
  // The share is of the sends made in the second, not of the rate asked: at the end of a ramp to 0 one wait is no stall.
  assert.equal(stalled({ ...sec(1), level: 0, sent: 3 }), false);
  assert.equal(stalled({ ...sec(2), level: 0, sent: 3 }), true);
  // The live line's words follow the same rule second by second.
  const watch = new SaturationWatch();
  assert.deepEqual(
    [sec(50), sec(50), sec(50), sec(0), sec(50)].map((t) => watch.add(t)),
    ['stalled', 'stalled', 'saturated', undefined, 'stalled'],
  );
  // A run's last, partial window says what it saw but joins no streak, like the summary's verdict:
  // two behind seconds and a behind partial one are not three in a row.
  const partial = { ...sec(50), partial: true as const };
  const short = new SaturationWatch();
  assert.deepEqual(
    [sec(0), sec(50), sec(50), partial].map((t) => short.add(t)),
    [undefined, 'stalled', 'stalled', 'stalled'],
  );
  assert.equal(short.saturated, false);
  assert.deepEqual(saturationOf([sec(0), sec(50), sec(50)], 0), { saturated: false, stalls: 1 });
  assert.equal(new SaturationWatch().add({ ...sec(50, 50, 3), partial: true }), 'saturated', 'a drop is a drop, whole second or not');
});

test('a target a little past its limit, dropping nothing, is saturated once it stays behind', async () => {
  // 4 connections at 200 ms serve 20 requests/s; 30/s asked: the wait grows by 10 a second and never drains.
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(30, 0, 4000), target: target(slow), connections: 4 }).done;
  assert.equal(s.dropped, 0);
  assert.equal(s.saturated, true);
  assert.equal(s.stalls, undefined);
  assert.match(summaryTable(s), /saturated .*the target cannot keep up with 30 req\/s/);
});

// How the paced models space their sends, seen from the server: at N users each request leaves at
// its own due time (1/N s apart), never in groups that the server would queue as small bursts; the
// open model measures the target's latency before its clock starts, so its first second does not
// wait for connections.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rampThenHold } from '../../cli/load/plan.js';
import { summaryTable } from '../../cli/load/report/summary-table.js';
import { startLoad } from '../../cli/load/run-load.js';
import { startTimerYardstick } from '../support/timer-yardstick.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let server: TrivialServer;
let slow: TrivialServer;
before(async () => {
  server = await startTrivialServer({ recordArrivals: true });
  slow = await startTrivialServer({ delayMs: 50 });
});
after(async () => {
  await server?.close();
  await slow?.close();
});

const target = (s: TrivialServer) => ({ origin: s.url, path: '/students/', method: 'GET', timeoutMs: 10_000 });

test('200 users: the server sees one request about every 5 ms, not groups', async () => {
  const from = server.arrivals().length;
  // The same 5 ms beat kept by a bare timer in this event loop (the server's too): how late this
  // machine wakes timers now. A pacer cannot keep time better than that, and need not.
  const yardstick = startTimerYardstick(5);
  const s = await startLoad({ mode: 'users', plan: rampThenHold(200, 0, 4000), target: target(server) }).done;
  const machine = yardstick.stop();
  assert.equal(s.requests, 800);
  const arrivals = server.arrivals().slice(from);
  assert.equal(arrivals.length, 800);
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const seen = `median gap ${median.toFixed(2)} ms, 5 ms due; a bare 5 ms timer here: median ${machine.medianGapMs.toFixed(2)} ms, ${(machine.bunched * 100).toFixed(0)} % bunched`;
  const slack = 1 + Math.abs(machine.medianGapMs - 5);
  assert.ok(Math.abs(median - 5) < slack, seen);
  // Four at a time every 20 ms would put 3 of 4 gaps under a millisecond; a busy machine's late
  // wake-ups put some there, as many as they put between the bare timer's ticks.
  const together = gaps.filter((g) => g < 1).length / gaps.length;
  assert.ok(together < 0.25 + machine.bunched, `${(together * 100).toFixed(0)} % of requests arrived within 1 ms of the previous one; ${seen}`);
});

test('--rate sizes its connections from a latency probe: a slower target does not make the first second wait', async () => {
  const served0 = await settle(slow);
  // 400/s at 50 ms is 20 in flight; sized for a 1 ms guess the pool would start with about 11.
  const s = await startLoad({ mode: 'rate', plan: rampThenHold(400, 0, 2000), target: target(slow) }).done;
  assert.equal(s.requests, 800);
  const probe = s.latencyProbe!;
  assert.ok(probe.requests > 0 && probe.p90Ms !== undefined && probe.p90Ms >= 50, JSON.stringify(probe));
  assert.ok(s.timeline[0].waited! <= 4, `first second: ${s.timeline[0].waited} sends waited for a connection`);
  assert.equal(s.saturated, false);
  assert.match(summaryTable(s), /probe +\d+ requests before the start \(p90 \d+(\.\d+)?ms\) sized the connections/);
  assert.equal((await settle(slow)) - served0, 800 + probe.requests, 'the server saw the run and the probe, nothing else');
});

/** Requests served once the last answers are out. */
async function settle(s: TrivialServer): Promise<number> {
  await new Promise((r) => setTimeout(r, 100));
  return s.served();
}

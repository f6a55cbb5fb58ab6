// Users mode's "waiting for an answer": late requests, not the ordinary work in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveLine } from '../../cli/load/report/live-line.js';
import { UsualLatency } from '../../cli/load/slow-in-flight.js';
import type { Tick } from '../../cli/load/summary.js';

const tick = (elapsedS: number, p99: number, extra: Partial<Tick> = {}): Tick => ({
  elapsedS,
  level: 20,
  rps: 20,
  latencyMs: { p50: p99 * 0.98, p90: p99 * 0.99, p99, max: p99, mean: p99 * 0.98 },
  failed: 0,
  inFlight: 12,
  ...extra,
});
// 20 users, one request each per second, answered in 600 ms: 12 out at any moment, 0-600 ms old.
const steady = Array.from({ length: 12 }, (_, i) => i * 50);

test('20 users at 600 ms have 12 requests in flight: none is waiting', () => {
  const usual = new UsualLatency();
  for (let s = 1; s <= 5; s++) usual.add(tick(s, 612));
  assert.deepEqual(usual.slow(steady), { count: 0, overMs: 1224 });
  assert.doesNotMatch(liveLine(tick(6, 612), 'users', undefined, usual.slow(steady)), /waiting/);
});

test('requests out for longer than twice the usual p99 are waiting, and the line says past what', () => {
  const usual = new UsualLatency();
  for (let s = 1; s <= 5; s++) usual.add(tick(s, 612));
  // The target stopped answering 3 s ago: every user's request is old.
  const stuck = usual.slow(Array.from({ length: 20 }, (_, i) => 1300 + i * 100));
  assert.deepEqual(stuck, { count: 20, overMs: 1224 });
  assert.match(liveLine(tick(9, 612, { rps: 0, inFlight: 20 }), 'users', undefined, stuck), /20 users waiting for an answer \(> 1\.2s\)/);
});

test('before any answer, and through seconds of timeouts, a request out over 100 ms is waiting', () => {
  const usual = new UsualLatency();
  assert.equal(usual.lateAfterMs, 100);
  // Every request of the second timed out after 1 s: that says when the client gave up, not how the target answers.
  usual.add(tick(2, 1000, { failed: 20 }));
  assert.equal(usual.lateAfterMs, 100);
  assert.equal(usual.slow(steady).count, 9);
  // A fast target (p99 2 ms): the floor keeps a tick taken mid-send from counting ordinary requests.
  usual.add(tick(3, 2));
  assert.equal(usual.slow([0.5, 3, 40]).count, 0);
});

// The live line fitted to a width (fit-line.ts, live-line.ts): whole when there is room; narrower,
// its least important parts give way first; never wider than asked, never a cut part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine } from '../../cli/load/report/fit-line.js';
import { liveLine } from '../../cli/load/report/live-line.js';
import type { Tick } from '../../cli/load/summary.js';

const latency = (p50: number, p99: number) => ({ p50, p90: p99, p99, max: p99, mean: p50 });
const slow: Tick = { elapsedS: 65, level: 20, rps: 19.8, latencyMs: latency(601.2, 612.4), failed: 0, inFlight: 12 };
const saturated: Tick = {
  elapsedS: 5,
  level: 3000,
  rps: 2890.4,
  latencyMs: latency(1.2, 45.6),
  failed: 3,
  inFlight: 40,
  waited: 120,
  dropped: 4,
  warmup: true,
};

test('with room, the live line is whole, as piped output shows it', () => {
  const whole = liveLine(slow, 'users');
  assert.match(whole, /^ 1m05s +20 users +19\.8 rps +p50 +601\.2ms +p99 +612\.4ms +errors 0 +12 users waiting for an answer$/);
  assert.equal(liveLine(slow, 'users', undefined, 200), whole);
});

test('narrower, it gives way in order: alignment, the in-flight note, p50, gaps, units; elapsed, users, rps, p99, errors stay', () => {
  const at = (w: number) => liveLine(slow, 'users', undefined, w);
  assert.equal(at(99), '1m05s  20 users  19.8 rps  p50 601.2ms  p99 612.4ms  errors 0  12 users waiting for an answer');
  assert.equal(at(79), '1m05s  20 users  19.8 rps  p50 601.2ms  p99 612.4ms  errors 0  12 waiting');
  assert.equal(at(59), '1m05s  20 users  19.8 rps  p99 612.4ms  errors 0');
  assert.equal(at(39), '1m05s 20u 19.8/s p99 612.4ms err 0');
});

test('rate mode keeps the saturation word longest among the notes, the warm-up shortened before', () => {
  const at = (w: number) => liveLine(saturated, 'rate', 'saturated', w);
  assert.match(at(200), /saturated: 120 waited for a connection, 4 dropped {2}warm-up: not in the summary$/);
  assert.match(at(99), /errors 3 {2}saturated {2}warm-up$/);
  assert.equal(at(59), '5s 3000/s 2890.4/s p99 45.6ms err 3 saturated warm-up');
  assert.equal(at(39), '5s 3000/s 2890.4/s p99 45.6ms err 3');
});

test('at every width from 1 to 160 the line is no wider, and made of whole parts only', () => {
  const whole = liveLine(slow, 'users').trim().split(/ +/);
  for (let w = 1; w <= 160; w++) {
    const line = liveLine(slow, 'users', undefined, w);
    assert.ok(line.length <= w, `${w}: ${line}`);
    // Every word is one of the whole line's or one of the shorter forms': none cut.
    for (const word of line.trim().split(/ +/).filter(Boolean)) {
      assert.ok(whole.includes(word) || ['20u', '19.8/s', 'err'].includes(word), `${w}: "${word}" in ${line}`);
    }
  }
});

test('fitLine: one rank at a time, every form of a rank at once; too narrow for any form, leading whole pieces', () => {
  const pieces = [
    { text: 'aaaa', shorter: [{ rank: 2, text: 'a' }] },
    { text: 'bbbb', shorter: [{ rank: 1, text: 'b' }] },
    { text: 'cccc', shorter: [{ rank: 1, text: '' }] },
  ];
  const opts = { gap: '  ', tight: { rank: 3, gap: ' ' } };
  assert.equal(fitLine(pieces, 20, opts), 'aaaa  bbbb  cccc');
  assert.equal(fitLine(pieces, 10, opts), 'aaaa  b');
  assert.equal(fitLine(pieces, 4, opts), 'a  b');
  assert.equal(fitLine(pieces, 3, opts), 'a b');
  assert.equal(fitLine(pieces, 2, opts), 'a');
  assert.equal(fitLine(pieces, 0, opts), '');
});

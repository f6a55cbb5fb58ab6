// Units, load shapes and how presets and flags merge (no network).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { levelAt, parseStages, plannedRequests, rampThenHold, timeOfCount } from '../../cli/load/plan.js';
import { buildRunOptions } from '../../cli/load/run-options.js';
import { checkThresholds } from '../../cli/load/thresholds.js';
import { defaultAlertTimeoutMs } from '../../cli/alerts/wait-for-alert.js';

test('--max-p99 and --max-error-rate take the units every command takes', () => {
  const run = buildRunOptions({ maxP99: '1.5s', maxErrorRate: '1%' }, DEFAULT_CONFIG).run;
  assert.deepEqual(run.thresholds, { maxP99Ms: 1500, maxErrorRate: 0.01 });
  assert.throws(() => buildRunOptions({ maxP99: '50' }, DEFAULT_CONFIG), /Invalid --max-p99 "50": a duration needs a unit/);
  assert.throws(() => buildRunOptions({ maxErrorRate: '150%' }, DEFAULT_CONFIG), /Invalid --max-error-rate "150%"/);
  assert.throws(() => parseStages('10:5'), /Invalid stage duration "10"/);
});

test('N users send 1 request/s each, evenly spaced: request k of 200 users is due at k/200 s', () => {
  const plan = rampThenHold(200, 0, 10_000);
  assert.equal(plannedRequests(plan), 2000);
  assert.equal(timeOfCount(plan, 0.5), 2.5);
  assert.equal(timeOfCount(plan, 200.5), 1002.5);
  assert.equal(timeOfCount(plan, 2000.5), Infinity);
});

test('a ramp is linear and its schedule follows the area under it', () => {
  const plan = rampThenHold(100, 10_000, 5_000);
  assert.equal(levelAt(plan, 5_000), 50);
  assert.equal(levelAt(plan, 12_000), 100);
  // 0 -> 100 over 10 s is 500 requests; the 125th is due when t²·5 = 125, i.e. t = 5 s.
  assert.ok(Math.abs(timeOfCount(plan, 125) - 5_000) < 1e-6);
  assert.ok(Math.abs(timeOfCount(plan, 500) - 10_000) < 1e-6);
  assert.equal(plannedRequests(plan), 1000);
  const down = { start: 0, stages: parseStages('10s:100,10s:0') };
  assert.equal(plannedRequests(down), 1000);
  assert.ok(Math.abs(timeOfCount(down, 875) - 15_000) < 1e-6, 'ramp down: 500 + 375 at 5 s into it');
  assert.throws(() => parseStages('30s-50'), /Invalid stage "30s-50"/);
  // The first seconds only (what a warm-up leaves out): 0 -> 100 over 10 s is 125 by 5 s.
  assert.ok(Math.abs(plannedRequests(plan, 5_000) - 125) < 1e-9);
  assert.equal(plannedRequests(plan, 12_000), 700);
  assert.equal(plannedRequests(plan, 60_000), 1000);
  // Partway down a ramp: 10 s at 100, then 100 -> 0 over 10 s; by 15 s, 1000 + 375.
  const down2 = { start: 100, stages: parseStages('10s:100,10s:0') };
  assert.ok(Math.abs(plannedRequests(down2, 15_000) - 1375) < 1e-9);
});

test('--warmup: whole seconds, shorter than the run, said before it starts', () => {
  const r = buildRunOptions({ rate: '2000', duration: '40s', warmup: '10s' }, DEFAULT_CONFIG);
  assert.equal(r.run.warmupS, 10);
  assert.ok(
    r.notes.some((n) => /the first 10s are a warm-up: sent as planned and shown live, left out of the summary/.test(n)),
    r.notes.join('\n'),
  );
  assert.equal(buildRunOptions({ users: '5', duration: '10s' }, DEFAULT_CONFIG).run.warmupS, undefined);
  assert.throws(() => buildRunOptions({ users: '5', warmup: '1500ms' }, DEFAULT_CONFIG), /--warmup counts whole seconds \(the summary's windows\), got 1500ms/);
  assert.throws(() => buildRunOptions({ users: '5', warmup: '0s' }, DEFAULT_CONFIG), /--warmup counts whole seconds/);
  assert.throws(
    () => buildRunOptions({ users: '5', duration: '30s', warmup: '1m' }, DEFAULT_CONFIG),
    /--warmup 1m leaves less than a second to measure: the whole run lasts 30s/,
  );
  assert.throws(() => buildRunOptions({ users: '5', duration: '10500ms', warmup: '10s' }, DEFAULT_CONFIG), /leaves less than a second to measure/);
  assert.equal(buildRunOptions({ users: '5', duration: '11s', warmup: '10s' }, DEFAULT_CONFIG).run.warmupS, 10);
  // Part of the run whatever its shape: a ramp, stages.
  assert.equal(buildRunOptions({ stages: '5s:10,5s:10', warmup: '5s' }, DEFAULT_CONFIG).run.warmupS, 5);
});

test('flags override a preset; a user-chosen shape replaces the preset shape', () => {
  const alert = buildRunOptions({ preset: 'trigger-alert' }, DEFAULT_CONFIG);
  assert.equal(alert.run.mode, 'users');
  assert.deepEqual(alert.run.plan, rampThenHold(200, 10_000, 180_000));
  assert.match(alert.notes.join('\n'), /until the request-rate alert fires/);
  assert.equal(alert.run.target.origin, 'http://127.0.0.1:8000');
  assert.equal(alert.run.target.path, '/students/');

  const shorter = buildRunOptions({ preset: 'trigger-alert', duration: '30s' }, DEFAULT_CONFIG);
  assert.deepEqual(shorter.run.plan, rampThenHold(200, 10_000, 30_000));

  const rate = buildRunOptions({ preset: 'ramp', rate: '50' }, DEFAULT_CONFIG);
  assert.equal(rate.run.mode, 'rate');
  assert.deepEqual(rate.run.plan, rampThenHold(50, 60_000, 60_000), 'the preset keeps its ramp and hold');

  const staged = buildRunOptions({ preset: 'ramp', stages: '5s:10' }, DEFAULT_CONFIG);
  assert.deepEqual(staged.run.plan, { start: 0, stages: [{ durationMs: 5000, target: 10 }] });

  const smoke = buildRunOptions({ preset: 'smoke', maxErrorRate: '5%' }, DEFAULT_CONFIG);
  assert.equal(smoke.run.thresholds?.maxErrorRate, 0.05);
  assert.throws(() => buildRunOptions({ preset: 'nope' }, DEFAULT_CONFIG), /Unknown preset "nope"/);
});

test('defaults, targets and conflicts', () => {
  const d = buildRunOptions({}, { ...DEFAULT_CONFIG, ports: { ...DEFAULT_CONFIG.ports, app: 8123 } });
  assert.equal(d.run.target.origin, 'http://127.0.0.1:8123');
  assert.deepEqual(d.run.plan, rampThenHold(10, 0, 60_000));
  const t = buildRunOptions({ target: 'localhost:9000/api/x?y=1' }, DEFAULT_CONFIG);
  assert.equal(t.run.target.origin, 'http://localhost:9000');
  assert.equal(t.run.target.path, '/api/x?y=1');
  const max = buildRunOptions({ max: true }, DEFAULT_CONFIG);
  assert.equal(max.run.connections, 50);
  assert.equal(max.run.plan.stages[0].durationMs, 10_000);
  assert.throws(() => buildRunOptions({ users: '5', max: true }, DEFAULT_CONFIG), /--users and --max cannot be used together/);
  assert.throws(() => buildRunOptions({ stages: '1s:5', ramp: '1s' }, DEFAULT_CONFIG), /--stages and --ramp/);
  assert.throws(() => buildRunOptions({ users: '5', connections: '3' }, DEFAULT_CONFIG), /--connections applies to --rate and --max/);
  assert.throws(() => buildRunOptions({ users: '0' }, DEFAULT_CONFIG), /Invalid --users "0"/);
  assert.throws(() => buildRunOptions({ method: 'BREW' }, DEFAULT_CONFIG), /Unsupported --method BREW/);
});

test("--until-alert without --duration holds for the rule's time limit; --duration and presets still win", () => {
  const limitMs = 150_000;
  const plain = buildRunOptions({ users: '20' }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.deepEqual(plain.run.plan, rampThenHold(20, 0, limitMs));
  assert.match(plain.notes[0], /2m30s/);
  const ramped = buildRunOptions({ users: '20', ramp: '10s' }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.deepEqual(ramped.run.plan, rampThenHold(20, 10_000, limitMs));
  const max = buildRunOptions({ max: true }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.equal(max.run.plan.stages[0].durationMs, limitMs);
  // An explicit --duration, or the preset's, is kept.
  const explicit = buildRunOptions({ users: '20', duration: '30s' }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.deepEqual(explicit.run.plan, rampThenHold(20, 0, 30_000));
  const preset = buildRunOptions({ preset: 'trigger-alert' }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.deepEqual(preset.run.plan, rampThenHold(200, 10_000, 180_000));
  // Stages set their own timing.
  const staged = buildRunOptions({ stages: '5s:10' }, DEFAULT_CONFIG, { defaultDurationMs: limitMs });
  assert.deepEqual(staged.run.plan, { start: 0, stages: [{ durationMs: 5000, target: 10 }] });
});

test('thresholds: a run with no answers does not pass', () => {
  const none = checkThresholds({ maxP99Ms: 100, maxErrorRate: 0.01 }, { latencyMs: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 }, errorRate: 0, requests: 0 });
  assert.deepEqual(
    none.map((t) => t.ok),
    [false, false],
  );
  const fine = checkThresholds({ maxP99Ms: 100 }, { latencyMs: { p50: 1, p90: 2, p99: 3, max: 4, mean: 1 }, errorRate: 0, requests: 10 });
  assert.equal(fine[0].ok, true);
  assert.equal(fine[0].text, 'p99 3ms ≤ 100ms');
});

test('--body must be JSON (it is sent as application/json), checked before any request', () => {
  assert.throws(() => buildRunOptions({ body: '{bad', method: 'POST' }, DEFAULT_CONFIG), /--body is not valid JSON/);
  assert.equal(buildRunOptions({ body: '{"name":"Ada"}', method: 'POST' }, DEFAULT_CONFIG).run.target.body, '{"name":"Ada"}');
});

test('a bare number for how long a run lasts is seconds: -d 5, --ramp 5, --warmup 2, --timeout 2', () => {
  const r = buildRunOptions({ users: '10', ramp: '5', duration: '5', warmup: '2', timeout: '2' }, DEFAULT_CONFIG).run;
  assert.deepEqual(r.plan, rampThenHold(10, 5_000, 5_000));
  assert.equal(r.warmupS, 2);
  assert.equal(r.target.timeoutMs, 2_000);
  // Units keep their meaning.
  assert.deepEqual(buildRunOptions({ users: '10', ramp: '500ms', duration: '2m' }, DEFAULT_CONFIG).run.plan, rampThenHold(10, 500, 120_000));
  // A latency limit stays refused bare; a stage's bare length is refused with seconds as the guess.
  assert.throws(
    () => parseStages('10:5'),
    (e: Error & { hint?: string }) => e.hint === 'Did you mean 10s?',
  );
});

test('--until-alert announces its hold as until the alert fires, bounded by a whole number of minutes', () => {
  for (const rule of ['HighRequestRate', 'HighLatencyP99', 'HighErrorRatio']) {
    const bound = defaultAlertTimeoutMs(DEFAULT_CONFIG, rule);
    assert.equal(bound % 60_000, 0, `${rule}: ${bound} ms`);
  }
  const bound = defaultAlertTimeoutMs(DEFAULT_CONFIG, 'HighLatencyP99');
  const r = buildRunOptions({ users: '20' }, DEFAULT_CONFIG, { defaultDurationMs: bound, holdUntil: 'HighLatencyP99 fires' });
  assert.match(r.notes[0], /: hold 20 users until HighLatencyP99 fires \(at most \d+m\) \(1 request\/s each\)$/);
  const preset = buildRunOptions({ preset: 'trigger-alert' }, DEFAULT_CONFIG, { holdUntil: 'HighRequestRate fires' });
  assert.match(preset.notes[0], /: 0 → 200 users over 10s, then hold 200 users until HighRequestRate fires \(at most 3m\)/);
  const max = buildRunOptions({ max: true, duration: '30s' }, DEFAULT_CONFIG, { holdUntil: 'HighRequestRate fires' });
  assert.match(max.notes[0], /as fast as it answers on 50 connections until HighRequestRate fires \(at most 30s\)$/);
});

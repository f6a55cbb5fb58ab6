// Every family's series, in its own shape, turned by its recording rules into the same common
// series, checked by `promtool test rules` (Debian's prometheus package).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { recognise } from '../../cli/targets/families/index.js';
import { targetRecordingRules } from '../../cli/targets/recording-rules.js';
import { requireBinary } from '../support/require-binary.js';
import { SCENARIOS } from './family-scenarios.js';
import { fixture } from './read-fixture.js';
import { JOB, scenarioTests } from './scenario-tests.js';

function promtool(args: string[], cwd: string): { ok: boolean; output: string } {
  requireBinary('promtool', 'prometheus');
  const res = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return { ok: res.status === 0, output: `${res.stdout}\n${res.stderr}` };
}

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: the recording rules give the common series`, () => {
    const metrics = fixture(scenario.fixture);
    scenario.adjust?.(metrics);
    const group = targetRecordingRules(JOB, recognise(metrics));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-target-rules-'));
    try {
      writeFileSync(path.join(dir, 'rules.yml'), YAML.stringify({ groups: [group] }));
      writeFileSync(path.join(dir, 'tests.yml'), YAML.stringify(scenarioTests(scenario, 'rules.yml')));
      const check = promtool(['check', 'rules', 'rules.yml'], dir);
      assert.ok(check.ok, check.output);
      const run = promtool(['test', 'rules', 'tests.yml'], dir);
      assert.ok(run.ok, run.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('an unknown family gets only its process series, and none without them', () => {
  const unknown = fixture('unknown');
  assert.deepEqual(targetRecordingRules(JOB, recognise(unknown)).rules, []);
  unknown.set('process_cpu_seconds_total', { type: 'counter', labelNames: new Set(), series: 1 });
  unknown.set('process_resident_memory_bytes', { type: 'gauge', labelNames: new Set(), series: 1 });
  assert.deepEqual(
    targetRecordingRules(JOB, recognise(unknown)).rules.map((r) => r.record),
    ['target:process_cpu_seconds:rate1m', 'target:process_memory_bytes:sum'],
  );
});

test("a target's name is quoted in PromQL, and every rule selects its job", () => {
  const group = targetRecordingRules('odd"name', recognise(fixture('go-client-golang')));
  for (const rule of group.rules) assert.match(rule.expr, /job="odd\\"name"/, rule.record);
});

test('a route without traffic in the window: request rate 0, no error ratio (not NaN)', () => {
  const group = targetRecordingRules(JOB, recognise(fixture('go-client-golang')));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-target-idle-'));
  try {
    const idle = `http_requests_total{job="${JOB}",code="200",handler="/students",method="get"}`;
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '5s',
      tests: [
        {
          interval: '5s',
          input_series: [{ series: idle, values: '7x30' }],
          promql_expr_test: [
            {
              expr: `target:http_requests:rate1m{job="${JOB}"}`,
              eval_time: '2m',
              exp_samples: [{ labels: `target:http_requests:rate1m{job="${JOB}"}`, value: 0 }],
            },
            { expr: `target:http_request_errors:ratio_rate1m{job="${JOB}"}`, eval_time: '2m', exp_samples: [] },
            { expr: `target_route:http_request_errors:ratio_rate1m{job="${JOB}"}`, eval_time: '2m', exp_samples: [] },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'rules.yml'), YAML.stringify({ groups: [group] }));
    writeFileSync(path.join(dir, 'tests.yml'), YAML.stringify(tests));
    const run = promtool(['test', 'rules', 'tests.yml'], dir);
    assert.ok(run.ok, run.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// bucketsToSeconds: the decimal point of every bound moved three places left by label_replace,
// checked on a real PromQL engine (promtool) for each way a library writes a millisecond bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { bucketsToSeconds } from '../../cli/targets/milliseconds-buckets.js';
import { requireBinary } from '../support/require-binary.js';

/** [bound in milliseconds as written, the same bound in seconds as the rules must write it]. */
const BOUNDS: Array<[string, string]> = [
  ['0', '0.000'],
  ['0.5', '0.0005'],
  ['5', '0.005'],
  ['7.5', '0.0075'],
  ['25', '0.025'],
  ['12.5', '0.0125'],
  ['250', '0.250'],
  ['999.9', '0.9999'],
  ['1000', '1.000'],
  ['2500', '2.500'],
  ['1234.5', '1.2345'],
  ['10000', '10.000'],
  ['300000', '300.000'],
  // As client_python writes bounds, and Prometheus 3 stores every le.
  ['5.0', '0.0050'],
  ['10000.0', '10.0000'],
  ['+Inf', '+Inf'],
];

test('millisecond bounds become seconds, +Inf stays, no bound is shifted twice', () => {
  requireBinary('promtool', 'prometheus');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-ms-buckets-'));
  try {
    const tests = {
      rule_files: [],
      evaluation_interval: '5s',
      tests: [
        {
          interval: '5s',
          input_series: BOUNDS.map(([ms], i) => ({ series: `d_bucket{job="t",le="${ms}"}`, values: `${i}x5` })),
          promql_expr_test: [
            {
              expr: `sum by (le) (${bucketsToSeconds('d_bucket')})`,
              eval_time: '10s',
              exp_samples: BOUNDS.map(([, s], i) => ({ labels: `{le="${s}"}`, value: i })),
            },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'tests.yml'), YAML.stringify(tests));
    const res = spawnSync('promtool', ['test', 'rules', 'tests.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

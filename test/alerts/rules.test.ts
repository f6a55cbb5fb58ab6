import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { renderAlertFiles } from '../../cli/alerts/render.js';
import { alertRules } from '../../cli/alerts/rules.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { renderRuleTests } from './rule-scenarios.js';
import { shortAlertConfig } from './short-config.js';
import { requireBinary } from '../support/require-binary.js';

function promtool(args: string[], cwd: string): string {
  requireBinary('promtool', 'prometheus');
  const res = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  assert.equal(res.status, 0, `promtool ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function withRenderedRules(config: LabConfig, run: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-rules-'));
  try {
    const rules = renderAlertFiles(config, {}).find((f) => f.path === 'prometheus/alerts.yml');
    assert.ok(rules, 'renderAlertFiles returns prometheus/alerts.yml');
    writeFileSync(path.join(dir, 'alerts.yml'), rules.content);
    writeFileSync(path.join(dir, 'tests.yml'), renderRuleTests(config, 'alerts.yml'));
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const configs: Array<[string, LabConfig]> = [
  ['default config', DEFAULT_CONFIG],
  ['test-short windows', shortAlertConfig()],
];

for (const [label, config] of configs) {
  test(`promtool accepts the rendered rules (${label})`, () => {
    withRenderedRules(config, (dir) => assert.match(promtool(['check', 'rules', 'alerts.yml'], dir), /SUCCESS: 3 rules found/));
  });

  test(`every rule fires under its load, stays quiet at idle and at 50 req/s, and resolves (${label})`, () => {
    withRenderedRules(config, (dir) => assert.match(promtool(['test', 'rules', 'tests.yml'], dir), /SUCCESS/));
  });
}

test('thresholds, windows and for come from config', () => {
  const config = structuredClone(DEFAULT_CONFIG);
  config.alerts.requestRate = { threshold: 250, window: '45s', for: '20s' };
  const rendered = YAML.parse(renderAlertFiles(config, {})[0].content) as { groups: Array<{ rules: Array<{ alert: string; expr: string; for: string }> }> };
  const rule = rendered.groups[0].rules.find((r) => r.alert === 'HighRequestRate');
  assert.equal(rule?.for, '20s');
  assert.match(rule?.expr ?? '', /\[45s\]\)\) > 250$/);
});

test('rules never match literal le values and leave out the /metrics scrape', () => {
  for (const rule of alertRules(DEFAULT_CONFIG)) {
    assert.doesNotMatch(rule.expr, /le\s*=/, rule.name);
    if (rule.key !== 'latencyP99') assert.match(rule.expr, /handler!="\/metrics"/, rule.name);
  }
});

test('annotations fit the Telegram message without being cut', () => {
  // The message template (templates/alertmanager/telegram.tmpl) cuts longer values.
  const limits = { summary: 100, description: 200, hint: 140 };
  for (const rule of alertRules(DEFAULT_CONFIG)) {
    const annotations = rule.annotations('1234.567');
    for (const [key, limit] of Object.entries(limits)) {
      const text = annotations[key as keyof typeof annotations];
      assert.ok([...text].length <= limit, `${rule.name} ${key} is ${text.length} characters (limit ${limit}): ${text}`);
    }
  }
});

test('the error-ratio value reads 0 with traffic and no 5xx, and no data without traffic', () => {
  const rule = alertRules(DEFAULT_CONFIG).find((r) => r.name === 'HighErrorRatio')!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-ratio-'));
  try {
    writeFileSync(path.join(dir, 'empty.yml'), 'groups: []\n');
    const tests = {
      rule_files: ['empty.yml'],
      evaluation_interval: '5s',
      tests: [
        {
          interval: '5s',
          input_series: [{ series: 'http_requests_total{job="app",handler="/students/",method="GET",status="2xx"}', values: '0+50x30' }],
          promql_expr_test: [{ expr: rule.valueExpr, eval_time: '2m', exp_samples: [{ labels: '{}', value: 0 }] }],
        },
        { interval: '5s', input_series: [], promql_expr_test: [{ expr: rule.valueExpr, eval_time: '2m', exp_samples: [] }] },
      ],
    };
    writeFileSync(path.join(dir, 'ratio.yml'), YAML.stringify(tests));
    assert.match(promtool(['test', 'rules', 'ratio.yml'], dir), /SUCCESS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

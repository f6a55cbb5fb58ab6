// A family scenario (family-scenarios.ts) as a `promtool test rules` file: its input series in the
// family's shape, and the common series the recording rules must give, with their values.
import { latencyQuantile, TARGET_SERIES } from '../../cli/targets/common-series.js';
import type { FamilyScenario } from './family-scenarios.js';

export const JOB = 'shop';
const OTHER_JOB = 'other';
const INTERVAL_S = 5;
const EVAL_TIME = '2m';
/** [route index, status, requests per second]. */
const TRAFFIC: Array<[0 | 1, 200 | 500, number]> = [
  [0, 200, 10],
  [1, 200, 4],
  [1, 500, 1],
];

type Labels = Record<string, string>;
interface InputSeries {
  series: string;
  values: string;
}
interface ExprTest {
  expr: string;
  eval_time: string;
  exp_samples: Array<{ labels: string; value: number }>;
}

const selector = (name: string, labels: Labels) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
const counter = (perSecond: number) => `0+${perSecond * INTERVAL_S}x30`;
const gauge = (value: number) => `${value}x30`;

function inputSeries(s: FamilyScenario): InputSeries[] {
  const out: InputSeries[] = [];
  // Route A's traffic again under another job: a target's rules must never count it.
  const traffic = [...TRAFFIC.map(([r, code, rate]) => ({ job: JOB, r, code, rate })), { job: OTHER_JOB, r: 0 as const, code: 200 as const, rate: 100 }];
  for (const { job, r, code, rate } of traffic) {
    const labels = { job, ...s.routes[r].labels, ...s.constant, ...s.status(code) };
    if (s.counter) out.push({ series: selector(s.counter, labels), values: counter(rate) });
    if (s.summary) {
      out.push({ series: selector(`${s.summary.name}_count`, labels), values: counter(rate) });
      out.push({ series: selector(`${s.summary.name}_sum`, labels), values: counter(rate * s.summary.seconds) });
    }
  }
  if (s.histogram) out.push(...histogramSeries(s, traffic));
  if (s.selfScrape) {
    const labels = { job: JOB, ...s.selfScrape };
    out.push({ series: selector(s.counter ?? `${(s.summary ?? s.histogram)?.name}_count`, labels), values: counter(1) });
  }
  for (const p of s.process) {
    const [name, rest] = p.series.includes('{') ? p.series.split('{') : [p.series, '}'];
    const series = `${name}{job="${JOB}"${rest === '}' ? '}' : `,${rest}`}`;
    out.push({ series, values: p.perSecond !== undefined ? counter(p.perSecond) : gauge(p.value ?? 0) });
  }
  return out;
}

function histogramSeries(s: FamilyScenario, traffic: Array<{ job: string; r: 0 | 1; code: 200 | 500; rate: number }>): InputSeries[] {
  const h = s.histogram!;
  const upper = Number(h.le[h.bucket]);
  // Without a status label, a route's statuses are one histogram series.
  const merged = new Map<string, { labels: Labels; rate: number }>();
  for (const { job, r, code, rate } of traffic) {
    const labels = { job, ...s.routes[r].labels, ...s.constant, ...(h.withStatus ? s.status(code) : {}) };
    const key = JSON.stringify(labels);
    merged.set(key, { labels, rate: (merged.get(key)?.rate ?? 0) + rate });
  }
  const out: InputSeries[] = [];
  for (const { labels, rate } of merged.values()) {
    for (const [i, le] of h.le.entries()) out.push({ series: selector(`${h.name}_bucket`, { ...labels, le }), values: counter(i >= h.bucket ? rate : 0) });
    out.push({ series: selector(`${h.name}_count`, labels), values: counter(rate) });
    out.push({ series: selector(`${h.name}_sum`, labels), values: counter(rate * upper) });
  }
  return out;
}

/** What the rules must record, from the scenario's routes (two routes named alike merge). */
function expectations(s: FamilyScenario): ExprTest[] {
  const at = (expr: string, samples: Array<[Labels, number]>): ExprTest => ({
    expr,
    eval_time: EVAL_TIME,
    exp_samples: samples.map(([labels, value]) => ({ labels: selector(expr.split('{')[0], labels), value })),
  });
  const byRoute = new Map<string, { ok: number; errors: number }>();
  for (const [r, code, rate] of TRAFFIC) {
    const route = s.routes[r].route;
    const t = byRoute.get(route) ?? { ok: 0, errors: 0 };
    if (code === 500) t.errors += rate;
    else t.ok += rate;
    byRoute.set(route, t);
  }
  const sel = (name: string) => `${name}{job="${JOB}"}`;
  const rate: Array<[Labels, number]> = [];
  for (const [route, t] of byRoute) {
    rate.push([{ job: JOB, route, status_class: '2xx' }, t.ok]);
    if (t.errors) rate.push([{ job: JOB, route, status_class: '5xx' }, t.errors]);
  }
  const tests = [
    at(sel(TARGET_SERIES.requestsByRoute), rate),
    at(sel(TARGET_SERIES.requests), [[{ job: JOB }, 15]]),
    at(
      sel(TARGET_SERIES.errorRatioByRoute),
      [...byRoute].map(([route, t]) => [{ job: JOB, route }, t.errors / (t.ok + t.errors)]),
    ),
    at(sel(TARGET_SERIES.errorRatio), [[{ job: JOB }, 1 / 15]]),
  ];
  const firstRoute = s.routes[0].route;
  if (s.histogram) {
    const h = s.histogram;
    const scale = h.milliseconds ? 1000 : 1;
    const [lower, upper] = [Number(h.le[h.bucket - 1]) / scale, Number(h.le[h.bucket]) / scale];
    const p50 = lower + (upper - lower) * 0.5;
    tests.push(
      { expr: latencyQuantile(0.5, JOB), eval_time: EVAL_TIME, exp_samples: [{ labels: `{job="${JOB}"}`, value: p50 }] },
      {
        expr: `${latencyQuantile(0.99, JOB, { byRoute: true })}`,
        eval_time: EVAL_TIME,
        exp_samples: [...byRoute.keys()].map((route) => ({ labels: `{job="${JOB}",route="${route}"}`, value: lower + (upper - lower) * 0.99 })),
      },
    );
    tests.push(meanLatency(firstRoute, upper));
  } else {
    // No buckets: no bucket series at all, but the mean from sum and count.
    tests.push({ expr: sel(TARGET_SERIES.latencyBuckets), eval_time: EVAL_TIME, exp_samples: [] });
    if (s.summary) tests.push(meanLatency(firstRoute, s.summary.seconds));
  }
  if (s.process.length > 0) {
    tests.push(at(sel(TARGET_SERIES.cpu), [[{ job: JOB }, 0.25]]), at(sel(TARGET_SERIES.memory), [[{ job: JOB }, 1e8]]));
  } else {
    tests.push({ expr: sel(TARGET_SERIES.cpu), eval_time: EVAL_TIME, exp_samples: [] });
  }
  return tests;
}

/** Mean latency of a route: sum over count, compared within 1e-9 (a division is not exact in floating point). */
function meanLatency(route: string, seconds: number): ExprTest {
  const m = `{job="${JOB}",route="${route}"}`;
  return {
    expr: `abs(${TARGET_SERIES.latencySumByRoute}${m} / ${TARGET_SERIES.latencyCountByRoute}${m} - ${seconds}) < bool 1e-9`,
    eval_time: EVAL_TIME,
    exp_samples: [{ labels: m, value: 1 }],
  };
}

/** The promtool test file for a scenario, reading `ruleFile`. */
export function scenarioTests(s: FamilyScenario, ruleFile: string) {
  return {
    rule_files: [ruleFile],
    evaluation_interval: `${INTERVAL_S}s`,
    tests: [{ interval: `${INTERVAL_S}s`, input_series: inputSeries(s), promql_expr_test: expectations(s) }],
  };
}

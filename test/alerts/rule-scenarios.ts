// promtool unit tests generated from the rule definitions (cli/alerts/rules.ts) for a given
// config: for every rule, traffic that must fire it (and then resolve when it stops) and
// traffic that must not (idle, 50 req/s of healthy requests).
import YAML from 'yaml';
import { parseDuration } from '../../cli/units.js';
import { alertRules, type AlertKey, type AlertRule } from '../../cli/alerts/rules.js';
import type { LabConfig } from '../../cli/config/schema.js';

/** One kind of request: its labels, how many per second while the load runs, and its latency. */
interface Traffic {
  handler: string;
  method: string;
  status?: '2xx' | '4xx' | '5xx';
  rps: number;
  /** Seconds each request takes (histogram series); only GET /students/ needs it. */
  seconds?: number;
  /** Runs the whole time, not only during the load (the scrape of /metrics). */
  always?: boolean;
  /** The scrape job; another job is another service with the same metric names (`o11y target`). */
  job?: string;
}

interface Scenario {
  name: string;
  traffic: Traffic[];
  /** The value as the alert's summary prints it while firing; absent: must stay quiet. */
  firesWith?: string;
}

const STUDENTS = { handler: '/students/', method: 'GET' };
// Prometheus' own scrape of /metrics at a rate that alone would pass 100 req/s: it must not count.
const METRICS_SCRAPE: Traffic = { handler: '/metrics', method: 'GET', rps: 150, always: true };
// Another prom-client service scraped beside the gradebook: same names, same labels, other job.
const OTHER = { job: 'my-service' };
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function scenarios(key: AlertKey): Scenario[] {
  const fast = (rps: number): Traffic[] => [{ ...STUDENTS, rps, seconds: 0.003 }, METRICS_SCRAPE];
  switch (key) {
    case 'requestRate':
      return [
        { name: '200 req/s (trigger-alert) fires, then resolves', traffic: fast(200), firesWith: '200' },
        { name: '50 req/s stays quiet', traffic: fast(50) },
        { name: "another service's 200 req/s stays quiet", traffic: [{ ...STUDENTS, ...OTHER, rps: 200, seconds: 0.003 }, ...fast(50)] },
      ];
    case 'latencyP99':
      return [
        { name: 'GET /students/ at 0.6 s (chaos latency 600ms) fires, then resolves', traffic: [{ ...STUDENTS, rps: 20, seconds: 0.6 }], firesWith: '0.995' },
        { name: '200 req/s of fast requests stays quiet', traffic: fast(200) },
        { name: '50 req/s of fast requests stays quiet', traffic: fast(50) },
        {
          name: 'slow requests on another route stay quiet',
          traffic: [{ handler: '/students/{student_id}', method: 'GET', rps: 20, seconds: 2 }, ...fast(50)],
        },
        { name: "another service's slow GET /students/ stays quiet", traffic: [{ ...STUDENTS, ...OTHER, rps: 20, seconds: 0.6 }, ...fast(50)] },
      ];
    case 'errorRatio':
      return [
        {
          name: '20% 5xx (chaos errors 20%) fires, then resolves',
          traffic: [
            { ...STUDENTS, rps: 40, status: '2xx' },
            { ...STUDENTS, rps: 10, status: '5xx' },
          ],
          firesWith: '20%',
        },
        {
          name: '1% 5xx at 50 req/s stays quiet',
          traffic: [{ ...STUDENTS, rps: 49.5, status: '2xx' }, { ...STUDENTS, rps: 0.5, status: '5xx' }, METRICS_SCRAPE],
        },
        {
          name: '4xx are not errors of the service',
          traffic: [
            { ...STUDENTS, rps: 40, status: '2xx' },
            { ...STUDENTS, rps: 20, status: '4xx' },
          ],
        },
        {
          name: "another service's 5xx stay quiet",
          traffic: [
            { ...STUDENTS, rps: 40, status: '2xx' },
            { ...STUDENTS, ...OTHER, rps: 10, status: '5xx' },
          ],
        },
      ];
  }
}

interface Timeline {
  step: number;
  loadStart: number;
  loadEnd: number;
  end: number;
}

function timeline(config: LabConfig, rule: AlertRule): Timeline {
  const step = parseDuration(config.scrapeInterval) / 1000;
  const window = parseDuration(rule.settings.window) / 1000;
  const hold = parseDuration(rule.settings.for) / 1000;
  const loadStart = 10 * step;
  const loadEnd = loadStart + window + hold + 120;
  return { step, loadStart, loadEnd, end: loadEnd + window + 120 };
}

/** promtool "a+bxn" notation for a counter growing at `rps` during [from, to), flat elsewhere. */
function counterValues(t: Timeline, rps: number, from: number, to: number): string {
  const inc = rps * t.step;
  const before = Math.round(from / t.step);
  const during = Math.round((to - from) / t.step);
  const after = Math.round((t.end - to) / t.step);
  const top = inc * during;
  return [before > 0 ? `0x${before - 1}` : '', `0+${inc}x${during}`, after > 0 ? `${top}x${after - 1}` : ''].filter(Boolean).join(' ');
}

function inputSeries(t: Timeline, traffic: Traffic[]) {
  return traffic.flatMap((tr) => {
    const [from, to] = tr.always ? [0, t.end] : [t.loadStart, t.loadEnd];
    const status = tr.status ?? '2xx';
    const series = [
      {
        series: `http_requests_total{job="${tr.job ?? 'app'}",handler="${tr.handler}",method="${tr.method}",status="${status}"}`,
        values: counterValues(t, tr.rps, from, to),
      },
    ];
    if (tr.seconds !== undefined) {
      for (const le of [...BUCKETS.map(String), '+Inf']) {
        const inBucket = le === '+Inf' || tr.seconds <= Number(le);
        series.push({
          series: `http_request_duration_seconds_bucket{job="${tr.job ?? 'app'}",handler="${tr.handler}",method="${tr.method}",le="${le}"}`,
          values: counterValues(t, inBucket ? tr.rps : 0, from, to),
        });
      }
    }
    return series;
  });
}

/** The promtool test file (rule_files: [rulesFile]) for every rule and scenario. */
export function renderRuleTests(config: LabConfig, rulesFile: string): string {
  const tests = alertRules(config).flatMap((rule) =>
    scenarios(rule.key).map((s) => {
      const t = timeline(config, rule);
      const window = parseDuration(rule.settings.window) / 1000;
      const hold = parseDuration(rule.settings.for) / 1000;
      const fires = s.firesWith !== undefined;
      const firing = [{ exp_labels: { severity: rule.severity }, exp_annotations: rule.annotations(s.firesWith ?? '') }];
      const at = (seconds: number, fires: boolean) => ({ eval_time: `${seconds}s`, alertname: rule.name, exp_alerts: fires ? firing : [] });
      // Firing by window + for + two evaluations after the load starts; resolved a window
      // plus two evaluations after it stops.
      const checks = [
        at(t.loadStart - t.step, false),
        at(t.loadStart + window + hold + 2 * t.step, fires),
        at(t.loadEnd, fires),
        at(t.loadEnd + window + 2 * t.step, false),
      ];
      return { name: `${rule.name}: ${s.name}`, interval: config.scrapeInterval, input_series: inputSeries(t, s.traffic), alert_rule_test: checks };
    }),
  );
  return YAML.stringify({ rule_files: [rulesFile], evaluation_interval: config.evaluationInterval, tests }, { lineWidth: 0 });
}

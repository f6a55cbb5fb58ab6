// The lab's alert rules, defined once: rendered to Prometheus rules, unit-tested with promtool,
// listed by `o11y alerts`, and waited on by `o11y load --preset trigger-alert`.
import type { AlertRuleConfig, LabConfig } from '../config/schema.js';
import { METRIC, STUDENTS_LIST, USER_TRAFFIC } from '../../server/metric-names.js';
import { labUrl } from '../stack/host-url.js';

export type AlertKey = keyof LabConfig['alerts'];

export interface AlertRule {
  /** Config key under `alerts:` in o11y.yaml. */
  key: AlertKey;
  /** Prometheus alertname. */
  name: string;
  /** The measured value, without the threshold: what `o11y alerts` shows. */
  valueExpr: string;
  /** valueExpr compared with the threshold: the alerting expression. */
  expr: string;
  settings: AlertRuleConfig;
  severity: 'warning' | 'critical';
  /** How to print a value of this rule for people ("212 req/s", "0.61 s", "23%"). */
  unit: 'req/s' | 's' | 'ratio';
  /** How Prometheus prints $value in the summary (a Go template pipeline). */
  valueTemplate: string;
  /** Annotations, given the value as printed (valueTemplate for Prometheus, a literal in tests). */
  annotations(value: string): { summary: string; description: string; hint: string };
}

// The service's scrape of its own /metrics is not user traffic.
const TRAFFIC = USER_TRAFFIC;

/** The three rules, with thresholds, windows and `for` from config.alerts. */
export function alertRules(config: LabConfig): AlertRule[] {
  const { requestRate, latencyP99, errorRatio } = config.alerts;
  const grafana = `Grafana (${labUrl(config, 'grafana')})`;

  const rateValue = `sum(rate(${METRIC.requests}{${TRAFFIC}}[${requestRate.window}]))`;
  // Aggregated `by (le)` so every instance and status lands in one histogram; never select on
  // literal le values ("1" vs "1.0" differ between client libraries).
  const p99Value = `histogram_quantile(0.99, sum by (le) (rate(${METRIC.duration}_bucket{${STUDENTS_LIST}}[${latencyP99.window}])))`;
  // `or vector(0)`: traffic with no 5xx at all reads 0 %, not "no data"; no traffic stays no data.
  const errorValue =
    `(sum(rate(${METRIC.requests}{${TRAFFIC},status="5xx"}[${errorRatio.window}])) or vector(0))` +
    ` / sum(rate(${METRIC.requests}{${TRAFFIC}}[${errorRatio.window}]))`;

  return [
    {
      key: 'requestRate',
      name: 'HighRequestRate',
      valueExpr: rateValue,
      expr: `${rateValue} > ${requestRate.threshold}`,
      settings: requestRate,
      severity: 'warning',
      unit: 'req/s',
      valueTemplate: '{{ $value | printf "%.0f" }}',
      annotations: (value) => ({
        summary: `Request rate is ${value} req/s, above ${requestRate.threshold} req/s`,
        description:
          `The gradebook has served more than ${requestRate.threshold} requests/s (averaged over ${requestRate.window}) ` +
          `for ${requestRate.for}. Load from \`o11y load\` does this; so would a real traffic spike.`,
        hint: `See RPS in ${grafana} or \`o11y alerts\`; stop the load (Ctrl-C) and it resolves.`,
      }),
    },
    {
      key: 'latencyP99',
      name: 'HighLatencyP99',
      valueExpr: p99Value,
      expr: `${p99Value} > ${latencyP99.threshold}`,
      settings: latencyP99,
      severity: 'warning',
      unit: 's',
      valueTemplate: '{{ $value | printf "%.3f" }}',
      annotations: (value) => ({
        summary: `p99 latency of GET /students/ is ${value} s, above ${latencyP99.threshold} s`,
        description:
          `Over 1% of GET /students/ requests took longer than ${latencyP99.threshold} s (over ${latencyP99.window}) ` +
          `for ${latencyP99.for}. Causes: an overloaded service or database, or \`o11y chaos latency\`.`,
        hint: `See the latency panels in ${grafana}; \`o11y chaos\` shows injected faults, \`o11y chaos off\` clears them.`,
      }),
    },
    {
      key: 'errorRatio',
      name: 'HighErrorRatio',
      valueExpr: errorValue,
      expr: `${errorValue} > ${errorRatio.threshold}`,
      settings: errorRatio,
      severity: 'critical',
      unit: 'ratio',
      valueTemplate: '{{ $value | humanizePercentage }}',
      annotations: (value) => ({
        summary: `${value} of requests fail with 5xx, above ${formatRatio(errorRatio.threshold)}`,
        description:
          `More than ${formatRatio(errorRatio.threshold)} of requests answered 5xx (over ${errorRatio.window}) ` +
          `for ${errorRatio.for}. Causes: the database is down, a bug, or \`o11y chaos errors\`.`,
        hint: `See errors in ${grafana} and \`o11y logs app\`; \`o11y chaos off\` clears injected errors.`,
      }),
    },
  ];
}

/** A rule's value for people: "212 req/s", "0.612 s", "23.0%". NaN (no traffic) is "-". */
export function formatAlertValue(rule: Pick<AlertRule, 'unit'>, value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  if (rule.unit === 'req/s') return `${value.toFixed(value < 10 ? 1 : 0)} req/s`;
  if (rule.unit === 's') return `${value.toFixed(3)} s`;
  return formatRatio(value);
}

function formatRatio(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

/** Threshold for people, in the rule's unit. */
export function formatThreshold(rule: AlertRule): string {
  return `> ${formatAlertValue(rule, rule.settings.threshold)}`;
}

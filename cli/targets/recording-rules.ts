// A target's recording rules: its family's own series (names, status and route labels, units)
// turned into the common series of common-series.ts, so one dashboard and one set of alerts
// read every client library the same way.
import { NO_ROUTE, promString, RATE_WINDOW, TARGET_LABEL, TARGET_SERIES } from './common-series.js';
import type { Detected, HttpShape, ProcessShape } from './family.js';
import { bucketsToSeconds } from './milliseconds-buckets.js';

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RuleGroup {
  name: string;
  rules: RecordingRule[];
}

/** The rule group for the target scraped as `job`, read as its recognised family. */
export function targetRecordingRules(job: string, detected: Pick<Detected, 'http' | 'process'>): RuleGroup {
  const rules = [...(detected.http ? httpRules(job, detected.http) : []), ...processRules(job, detected.process)];
  return { name: `target:${job}`, rules };
}

const S = TARGET_SERIES;
const { route: ROUTE, statusClass: STATUS_CLASS } = TARGET_LABEL;

function httpRules(job: string, http: HttpShape): RecordingRule[] {
  const select = (metric: string) => `${metric}{job=${promString(job)}${http.exclude ? `,${http.exclude}` : ''}}`;
  const rate = (metric: string) => withRoute(`rate(${select(metric)}[${RATE_WINDOW}])`, http.route);
  // The class is the status' first digit: "2xx" (fastapi) and "200" (everyone else) both give "2xx".
  const statusClass = (expr: string) => (http.status ? `label_replace(${expr}, "${STATUS_CLASS}", "\${1}xx", "${http.status}", "([1-5]).*")` : expr);
  const rules: RecordingRule[] = [
    { record: S.requestsByRoute, expr: `sum by (job, ${ROUTE}, ${STATUS_CLASS}) (${statusClass(rate(http.requests))})` },
    { record: S.requests, expr: `sum by (job) (${S.requestsByRoute}{job=${promString(job)}})` },
  ];
  if (http.status) {
    rules.push({ record: S.errorRatioByRoute, expr: errorRatio(job, ['job', ROUTE]) }, { record: S.errorRatio, expr: errorRatio(job, ['job']) });
  }
  const latency = http.latency;
  if (latency) {
    const ms = latency.unit === 'milliseconds';
    if (latency.type === 'histogram') {
      const buckets = rate(`${latency.metric}_bucket`);
      rules.push(
        { record: S.latencyBucketsByRoute, expr: `sum by (job, ${ROUTE}, le) (${ms ? bucketsToSeconds(buckets) : buckets})` },
        { record: S.latencyBuckets, expr: `sum by (job, le) (${S.latencyBucketsByRoute}{job=${promString(job)}})` },
      );
    }
    rules.push(
      { record: S.latencySumByRoute, expr: `sum by (job, ${ROUTE}) (${rate(`${latency.metric}_sum`)})${ms ? ' / 1000' : ''}` },
      { record: S.latencyCountByRoute, expr: `sum by (job, ${ROUTE}) (${rate(`${latency.metric}_count`)})` },
    );
  }
  return rules;
}

/** 5xx share: 0 (not absent) where there is traffic and no 5xx; absent (not NaN) where there is no traffic. */
function errorRatio(job: string, by: string[]): string {
  const requests = `${S.requestsByRoute}{job=${promString(job)}}`;
  const errors = `${S.requestsByRoute}{job=${promString(job)},${STATUS_CLASS}="5xx"}`;
  const sum = (expr: string) => `sum by (${by.join(', ')}) (${expr})`;
  return `(${sum(errors)} or ${sum(requests)} * 0) / (${sum(requests)} > 0)`;
}

/** `route` from the family's route labels joined with "#", or NO_ROUTE when it has none or they are empty. */
function withRoute(expr: string, labels: string[]): string {
  const joined = `label_join(${expr}, "${ROUTE}", "#"${labels.map((l) => `, "${l}"`).join('')})`;
  // controller#action with both empty joins to "#": no route either.
  return `label_replace(${joined}, "${ROUTE}", "${NO_ROUTE}", "${ROUTE}", "#*")`;
}

function processRules(job: string, process: ProcessShape): RecordingRule[] {
  const sel = (metric: string) => `${metric}{job=${promString(job)}}`;
  const rules: RecordingRule[] = [];
  const cpu = process.cpu;
  if (cpu?.kind === 'seconds-counter') rules.push({ record: S.cpu, expr: `sum by (job) (rate(${sel(cpu.metric)}[${RATE_WINDOW}]))` });
  if (cpu?.kind === 'nanoseconds-counter') rules.push({ record: S.cpu, expr: `sum by (job) (rate(${sel(cpu.metric)}[${RATE_WINDOW}])) / 1e9` });
  if (cpu?.kind === 'usage-of-cpus') {
    // A share of all the machine's CPUs, times their count: cores, as the others.
    rules.push({ record: S.cpu, expr: `sum by (job) (${sel(cpu.usage)} * on (job, instance) group_left () ${sel(cpu.cpus)})` });
  }
  if (process.memory) rules.push({ record: S.memory, expr: `sum by (job) (${sel(process.memory.metric)})` });
  return rules;
}

// The few Prometheus HTTP API calls the CLI needs: alert rules with their state, active
// alerts, instant queries for the rules' current values, and scrape targets for `o11y status`.
import { UserError } from '../errors.js';
import { request } from './lab-http.js';

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: Exclude<AlertState, 'inactive'>;
  activeAt: string;
  value: string;
}

export interface AlertingRuleStatus {
  name: string;
  state: AlertState;
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  alerts: ActiveAlert[];
}

export interface ScrapeTarget {
  job: string;
  instance: string;
  /** up, down or unknown. */
  health: string;
  lastError?: string;
  /** When it was last scraped (ms since the epoch, Prometheus' clock); absent before the first scrape. */
  lastScrapeMs?: number;
  /** Seconds the last scrape took. */
  lastScrapeDurationS?: number;
}

async function get<T>(baseUrl: string, pathAndQuery: string, timeoutMs?: number): Promise<T> {
  const answer = await request({
    service: 'Prometheus',
    baseUrl,
    path: pathAndQuery,
    timeoutMs,
    hint: 'Is the lab running? Start it with `o11y up`; `o11y status` shows what is up.',
  });
  // Prometheus answers its errors (a bad query, 503 while starting) as JSON with status "error".
  let body: { status?: string; error?: string; data?: T } = {};
  try {
    body = JSON.parse(answer.text);
  } catch {
    // not Prometheus' API: said below with the status
  }
  if (body.status !== 'success') {
    throw new UserError(`Prometheus ${pathAndQuery.split('?')[0]} failed: ${body.error ?? `HTTP ${answer.status}`}.`, {
      code: 'O11Y_SERVICE_ERROR',
      hint: "Is that address the lab's Prometheus? `o11y logs prometheus` shows what it says.",
    });
  }
  return body.data as T;
}

export async function fetchAlertingRules(baseUrl: string): Promise<AlertingRuleStatus[]> {
  const data = await get<{ groups: Array<{ rules: Array<AlertingRuleStatus & { type: string }> }> }>(baseUrl, '/api/v1/rules?type=alert');
  return data.groups.flatMap((g) => g.rules).map(({ name, state, health, lastError, alerts }) => ({ name, state, health, lastError, alerts: alerts ?? [] }));
}

export async function fetchActiveAlerts(baseUrl: string): Promise<ActiveAlert[]> {
  return (await get<{ alerts: ActiveAlert[] }>(baseUrl, '/api/v1/alerts')).alerts;
}

/** The first sample of an instant query (now, or at `timeS` Unix seconds), or undefined when the result is empty. */
export async function queryValue(baseUrl: string, promql: string, timeS?: number): Promise<number | undefined> {
  const params = new URLSearchParams({ query: promql, ...(timeS !== undefined ? { time: String(timeS) } : {}) });
  const data = await get<{ result: Array<{ value: [number, string] }> }>(baseUrl, `/api/v1/query?${params}`);
  const sample = data.result[0];
  return sample ? Number(sample.value[1]) : undefined;
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** [unix seconds, value] pairs, oldest first. */
  values: Array<[number, number]>;
}

/** A range query over [startS, endS] every stepS seconds. */
export async function queryRange(baseUrl: string, promql: string, startS: number, endS: number, stepS: number): Promise<RangeSeries[]> {
  const params = new URLSearchParams({ query: promql, start: String(startS), end: String(endS), step: String(stepS) });
  const data = await get<{ result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }>(baseUrl, `/api/v1/query_range?${params}`);
  return data.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
}

/** The raw samples of `selector` over the last `rangeS` seconds (before `timeS`), with the timestamps they were written at. */
export async function queryRawSamples(baseUrl: string, selector: string, rangeS: number, timeS?: number): Promise<RangeSeries[]> {
  const params = new URLSearchParams({ query: `${selector}[${Math.round(rangeS)}s]`, ...(timeS !== undefined ? { time: String(timeS) } : {}) });
  const data = await get<{ result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> }>(baseUrl, `/api/v1/query?${params}`);
  return data.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
}

/** Active scrape targets; throws a UserError when Prometheus does not answer or refuses. */
export async function fetchTargets(baseUrl: string, timeoutMs?: number): Promise<ScrapeTarget[]> {
  const data = await get<{
    activeTargets: Array<{ labels: Record<string, string>; health: string; lastError?: string; lastScrape?: string; lastScrapeDuration?: number }>;
  }>(baseUrl, '/api/v1/targets?state=active', timeoutMs);
  return data.activeTargets.map((t) => {
    // Never scraped yet: Go's zero time.
    const last = t.lastScrape ? Date.parse(t.lastScrape) : Number.NaN;
    return {
      job: t.labels.job ?? '',
      instance: t.labels.instance ?? '',
      health: t.health,
      ...(t.lastError ? { lastError: t.lastError } : {}),
      ...(last > 0 ? { lastScrapeMs: last, lastScrapeDurationS: t.lastScrapeDuration } : {}),
    };
  });
}

/** What one job's scrape exposes, as Prometheus stored it: each family's metadata, and every series' labels. */
export async function fetchJobExposition(
  baseUrl: string,
  job: string,
): Promise<{ metadata: Array<{ metric: string; type: string; help: string; unit?: string }>; series: Array<Record<string, string>> }> {
  const selector = `{job=${JSON.stringify(job)}}`;
  const [metadata, series] = await Promise.all([
    get<Array<{ metric: string; type: string; help: string; unit?: string }>>(
      baseUrl,
      `/api/v1/targets/metadata?${new URLSearchParams({ match_target: selector })}`,
    ),
    get<Array<Record<string, string>>>(baseUrl, `/api/v1/series?${new URLSearchParams({ 'match[]': selector })}`),
  ]);
  return { metadata, series };
}

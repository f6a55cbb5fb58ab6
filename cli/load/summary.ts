// What a run reports: one tick per second while it runs, and the summary at the end.
import type { LatencyStats } from './latency-histogram.js';
import { failedOf, finishedOf, type Counts, type StatusClass } from './recorder.js';

export type LoadMode = 'users' | 'rate' | 'max';
export type StopReason = 'completed' | 'interrupted' | 'condition' | 'aborted';

/** Milliseconds with microsecond precision, as reports show them. */
export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface Tick {
  /** Seconds since the start (end of this window). */
  elapsedS: number;
  /** Users (users mode), requests/s asked for (rate mode) or connections (max mode). */
  level: number;
  /** Requests that finished in this window, per second. */
  rps: number;
  latencyMs: LatencyMs;
  /** Failed requests in this window (see Summary.failed). */
  failed: number;
  inFlight: number;
  /** Rate mode: sends made in this window (those that waited included). */
  sent?: number;
  /** Rate mode: sends in this window that found every connection busy and waited. */
  waited?: number;
  /** Rate mode: sends in this window dropped because too many were already waiting. */
  dropped?: number;
  /** Rate mode: connections open at the end of this window. */
  connections?: number;
  /** Rate mode: sends still waiting for a connection at the end of this window. */
  waiting?: number;
  /** The run's last window, shorter than a second (the run ended between two ticks). */
  partial?: true;
  /** A second of the warm-up (--warmup): shown live, in no figure of the summary. */
  warmup?: true;
}

/** A rate-mode second: its open-model figures are always there. */
export type RateTick = Tick & Required<Pick<Tick, 'sent' | 'waited' | 'dropped' | 'connections' | 'waiting'>>;

/** --warmup: the run's first seconds, sent as planned and left out of the summary's figures. */
export interface Warmup {
  /** Seconds asked for. */
  seconds: number;
  /** Requests that finished in the warm-up, and how many of them failed. */
  requests: number;
  failed: number;
  /** False when the run ended within its warm-up: then the figures cover the whole run. */
  excluded: boolean;
  /** When excluded: seconds from the run's start (`startedAt`) to the tick that ended it. */
  endedAtS?: number;
}

export interface ThresholdResult {
  name: 'max-p99' | 'max-error-rate';
  limit: number;
  actual: number;
  ok: boolean;
  /** "p99 12.3ms > 5ms" */
  text: string;
}

/**
 * The version of the summary's shape (`schemaVersion`), and of schemas/load-summary.v<N>.json that
 * describes it: any change of shape (a field added, removed, renamed or retyped) is a new version.
 */
export const SUMMARY_SCHEMA_VERSION = 1;

/** What every mode's summary holds. */
interface SummaryBase {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  target: string;
  method: string;
  preset?: string;
  startedAt: string;
  /** Seconds the figures cover: the run after its warm-up, if any. */
  durationS: number;
  /** --warmup: what the left-out first seconds held. */
  warmup?: Warmup;
  stopReason: StopReason;
  /** Why a condition stopped the run (a stop condition's answer, e.g. --until-alert's). */
  stopDetail?: string;
  /** Peak users / rate / connections the plan asked for. */
  peakLevel: number;
  /** Finished requests (answered, failed or timed out). */
  requests: number;
  rps: number;
  latencyMs: LatencyMs;
  statusClasses: Record<StatusClass, number>;
  /** Connection-level errors (refused, reset, ...). */
  errors: number;
  errorCodes: Record<string, number>;
  timeouts: number;
  /** errors + timeouts + responses with status >= 400. */
  failed: number;
  errorRate: number;
  /**
   * The generator's own CPU over the run (user + system, all its threads) as a share of one core:
   * near 1, the generator was at its limit and the figures are its own as much as the target's.
   */
  generatorCpu?: number;
  thresholds: ThresholdResult[];
  timeline: Tick[];
  /** Where --report wrote the HTML report (an absolute path). */
  report?: string;
  /** Where the client's own series went (the lab's Prometheus), or why nowhere. */
  clientMetrics?: ClientMetricsReport;
  /** Client and server latency over the same window, from Prometheus (a run against the lab). */
  sides?: SidesComparison;
}

/** The paced modes (users, rate). */
export interface PacedFigures {
  /** Requests the plan asked for (after the warm-up). */
  plannedRequests: number;
  /** Sends that left more than 1 ms away from their due time (a busy generator). */
  offSchedule: number;
}

export interface UsersFigures {
  /** Sends skipped because that user was still waiting for its last answer. */
  missed: number;
}

export interface RateFigures {
  /** Sends that found every connection busy and waited (their wait is in their latency). */
  waited: number;
  /** Sends not made because the waiting queue was full (not in `requests`). */
  dropped: number;
  /** Connections open at the end. */
  connections: number;
  /**
   * The target could not keep up: sends were dropped, or more than 1 % of each second's sends
   * waited for a connection for 3 seconds in a row with some still waiting at each one's end, or
   * for 5 seconds in a row, or in every whole second of a shorter run (saturation.ts).
   */
  saturated: boolean;
  /** Not saturated: stretches of seconds in which sends waited, which the target recovered from. */
  stalls?: number;
  /**
   * The requests sent before the clock started to measure the target's latency, which sized the
   * first connections (the target sees them; they are in no other figure).
   */
  latencyProbe?: { requests: number; p90Ms?: number };
}

/** Fields another mode has, absent here (so `summary.missed` reads as undefined outside users mode). */
type Absent<T> = { [K in keyof T]?: never };

export type UsersSummary = SummaryBase & { mode: 'users' } & PacedFigures & UsersFigures & Absent<RateFigures>;
export type RateSummary = SummaryBase & { mode: 'rate'; timeline: RateTick[] } & PacedFigures & RateFigures & Absent<UsersFigures>;
export type MaxSummary = SummaryBase & { mode: 'max' } & Absent<PacedFigures & UsersFigures & RateFigures>;
/** What `o11y load --json` prints: one shape per mode, told apart by `mode`. */
export type Summary = UsersSummary | RateSummary | MaxSummary;
/** The figures only some modes have. */
export type ModeFigures =
  | Pick<UsersSummary, 'mode' | keyof PacedFigures | keyof UsersFigures>
  | Pick<RateSummary, 'mode' | keyof PacedFigures | keyof RateFigures>
  | { mode: 'max' };

export interface ClientMetricsReport {
  /** The `run` label of every series this run pushed. */
  run?: string;
  /** The Prometheus they were pushed to. */
  prometheus?: string;
  /** Pushes Prometheus accepted, and those that failed. */
  pushed: number;
  failed: number;
  /** Why the series went nowhere (not the lab, the lab down, its Prometheus refusing them). */
  nowhere?: string;
  /** Why the summary has no client/server comparison although the series got through. */
  noComparison?: string;
}

/** p50 and p99 in milliseconds. */
export interface Quantiles {
  p50: number;
  p99: number;
}

/** The same PromQL shape (histogram_quantile over the same buckets) on both sides' histograms. */
export interface SidesComparison {
  /** Unix seconds: the run, from the first push (after a --warmup: the server's first scrape after it) to the last. */
  window: { start: number; end: number };
  /** o11y_load_request_duration_seconds{run} */
  clientMs: Quantiles;
  /** The gradebook's http_request_duration_seconds, every route but /metrics. */
  serverMs: Quantiles;
  /** One line reading the difference. */
  reading: string;
}

const ms = (us: number) => Math.round(us) / 1000;

export function toLatencyMs(l: LatencyStats): LatencyMs {
  return { p50: ms(l.p50), p90: ms(l.p90), p99: ms(l.p99), max: ms(l.max), mean: ms(l.mean) };
}

export function countsPart(c: Counts, durationS: number) {
  const requests = finishedOf(c);
  const failed = failedOf(c);
  return {
    requests,
    rps: durationS > 0 ? Math.round((requests / durationS) * 100) / 100 : 0,
    statusClasses: c.statusClasses,
    errors: c.errors,
    errorCodes: c.errorCodes,
    timeouts: c.timeouts,
    failed,
    errorRate: requests > 0 ? failed / requests : 0,
  };
}

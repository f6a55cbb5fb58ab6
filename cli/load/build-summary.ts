// The summary of a finished run, from what the run kept: the recorder's totals, the timeline, the
// engine's final counters and the warm-up left out (if any).
import type { EngineSnapshot } from './engines/engine.js';
import { modeFigures } from './engines/snapshot-figures.js';
import { plannedRequests, type LoadPlan } from './plan.js';
import type { Counts } from './recorder.js';
import type { LatencyStats } from './latency-histogram.js';
import { targetUrl, type RequestTarget } from './request-target.js';
import { checkThresholds, type Thresholds } from './thresholds.js';
import { countsPart, SUMMARY_SCHEMA_VERSION, toLatencyMs, type StopReason, type Summary, type Tick } from './summary.js';
import { warmupPart, type EndedWarmup } from './warmup.js';

/** What the run was asked for (RunOptions' part the summary reads). */
export interface RunAsked {
  plan: LoadPlan;
  target: RequestTarget;
  preset?: string;
  thresholds?: Thresholds;
  warmupS?: number;
}

export interface FinishedRun {
  options: RunAsked;
  peakLevel: number;
  /** The wall-clock instant of the run clock's zero. */
  startedAt: string;
  stopReason: StopReason;
  stopDetail?: string;
  /** ms on the run's clock when it stopped. */
  endedAt: number;
  /** The warm-up left out of the figures, if one is. */
  warmup?: EndedWarmup;
  /** This process's CPU over the counted part of the run. */
  cpu: NodeJS.CpuUsage;
  timeline: Tick[];
  overall: { counts: Counts; latency: LatencyStats };
  engine: EngineSnapshot;
}

export function buildSummary(r: FinishedRun): Summary {
  const o = r.options;
  const countedFrom = r.warmup?.endedAt ?? 0;
  const countedMs = r.endedAt - countedFrom;
  const durationS = Math.round(countedMs) / 1000;
  const planned = Math.round(plannedRequests(o.plan) - plannedRequests(o.plan, countedFrom));
  const wholeSeconds = r.timeline.filter((t) => !t.partial && !t.warmup);
  const { mode, ...figures } = modeFigures(r.engine, r.warmup?.engine, wholeSeconds, planned);
  const base = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    target: targetUrl(o.target),
    method: o.target.method,
    mode,
    preset: o.preset,
    startedAt: r.startedAt,
    durationS,
    warmup: o.warmupS ? warmupPart(o.warmupS, r.warmup, r.overall.counts) : undefined,
    stopReason: r.stopReason,
    stopDetail: r.stopDetail,
    peakLevel: r.peakLevel,
    ...countsPart(r.overall.counts, durationS),
    latencyMs: toLatencyMs(r.overall.latency),
    ...figures,
    // This process's CPU (all its threads) over the run (after the warm-up), as a share of one core.
    // Not for a run stopped within its first second: too short to be a figure.
    generatorCpu: countedMs >= 1000 ? Math.round(((r.cpu.user + r.cpu.system) / 1000 / countedMs) * 1000) / 1000 : undefined,
    timeline: r.timeline,
  };
  // The mode's figures and the timeline's ticks come from the same engine: the shapes agree.
  return { ...base, thresholds: checkThresholds(o.thresholds ?? {}, base) } as Summary;
}

// The load engine: runs a plan against a target and emits `tick` (one per second, that
// window's figures) and `done` (the summary). It knows nothing about terminals: reporters
// subscribe to the events (autocannon's run/progressTracker split).
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { connectionCap } from './fd-limit.js';
import type { EngineSample } from './export/client-series.js';
import type { MetricsExporter } from './export/metrics-exporter.js';
import type { MaxRunner } from './max-runner.js';
import { Pacer } from './pacer.js';
import { levelAt, peakLevel, planDurationMs, plannedRequests, type LoadPlan } from './plan.js';
import { failedOf, finishedOf, Recorder } from './recorder.js';
import { saturationOf } from './saturation.js';
import type { RequestTarget } from './request-target.js';
import { targetUrl } from './request-target.js';
import { checkThresholds, type Thresholds } from './thresholds.js';
import { countsPart, toLatencyMs, type LoadMode, type StopReason, type Summary, type Tick } from './summary.js';
import { countWarmupAfterAll, type EndedWarmup, endWarmup, warmupPart } from './warmup.js';

export interface RunOptions {
  mode: LoadMode;
  /** Users over time (users), requests/s over time (rate), or a hold at `connections` (max). */
  plan: LoadPlan;
  target: RequestTarget;
  /** Rate mode: most connections to open; max mode: connections to use. */
  connections?: number;
  thresholds?: Thresholds;
  preset?: string;
  /** Aborting stops the run like Ctrl-C does (stopReason 'aborted'), the summary still comes. */
  signal?: AbortSignal;
  /**
   * Checked after every tick (never two at once): a truthy answer stops the run with
   * stopReason 'condition'; a string answer is kept as stopDetail. The hook for
   * `--until-alert`: e.g. "has Prometheus reported this alert firing?".
   */
  stopWhen?: (tick: Tick) => Promise<boolean | string> | boolean | string;
  /** Pushes the client's own series to Prometheus once per tick (started by the caller). */
  metrics?: MetricsExporter;
  /** Whole seconds at the start sent as planned but left out of the summary's figures. */
  warmupS?: number;
}

export interface LoadRunEvents {
  tick: [Tick];
  done: [Summary];
}

export class LoadRun extends EventEmitter<LoadRunEvents> {
  readonly done: Promise<Summary>;
  private stopRequest?: (reason: StopReason) => void;

  constructor(run: (self: LoadRun, onStop: (f: (reason: StopReason) => void) => void) => Promise<Summary>) {
    super();
    this.done = run(this, (f) => (this.stopRequest = f));
  }

  /** Ends the run early; the summary still comes. */
  stop(reason: StopReason = 'interrupted'): void {
    this.stopRequest?.(reason);
  }
}

export function startLoad(opts: RunOptions): LoadRun {
  return new LoadRun((self, onStop) => execute(self, opts, onStop));
}

async function execute(self: LoadRun, o: RunOptions, onStop: (f: (reason: StopReason) => void) => void): Promise<Summary> {
  const recorder = new Recorder(o.metrics?.series);
  let t0 = performance.now();
  const clock = () => performance.now() - t0;
  const durationMs = planDurationMs(o.plan);
  const engine =
    o.mode === 'max'
      ? // autocannon is loaded only for --max (a quarter of a second of start-up the paced modes do not need).
        new (await import('./max-runner.js')).MaxRunner({ target: o.target, connections: o.connections ?? 64, durationMs, recorder })
      : new Pacer({
          model: o.mode,
          plan: o.plan,
          target: o.target,
          recorder,
          clock,
          maxConnections: Math.min(connectionCap(), o.connections ?? defaultRateConnections(peakLevel(o.plan))),
        });

  let stopReason: StopReason = 'completed';
  let stopDetail: string | undefined;
  let stopped!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stopped = resolve));
  const requestStop = (reason: StopReason, detail?: string) => {
    if (stopReason === 'completed') {
      stopReason = reason;
      stopDetail = detail;
    }
    stopped();
  };
  onStop((reason) => requestStop(reason));
  const onAbort = () => requestStop('aborted');
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  // Connections open before the clock starts: the first second is as paced as the rest.
  if (engine instanceof Pacer) await engine.prepare();
  t0 = performance.now();
  // The wall-clock instant of the clock's zero: timeline seconds and the warm-up's end count from it.
  const startedAt = new Date().toISOString();
  const cpuAtStart = process.cpuUsage();
  const warmupS = o.warmupS ?? 0;
  // Set when the warm-up ends: the summary's figures start there.
  let warmup: EndedWarmup | undefined;

  const timeline: Tick[] = [];
  let lastBacklog = { waited: 0, dropped: 0 };
  let lastSent = 0;
  let ticks = 0;
  let lastTickAt = 0;
  let checking = false;
  let tickTimer: NodeJS.Timeout | undefined;
  // Ticks on the absolute second boundaries of the run, so windows stay one second apart.
  const tick = (final = false) => {
    const now = clock();
    if (final && now - lastTickAt < 250) return;
    const w = recorder.takeWindow();
    const seconds = (now - lastTickAt) / 1000;
    lastTickAt = now;
    ticks++;
    const t: Tick = {
      elapsedS: Math.round(now / 100) / 10,
      level: o.mode === 'max' ? (o.connections ?? 64) : Math.round(levelAt(o.plan, now) * 10) / 10,
      rps: Math.round((finishedOf(w.counts) / seconds) * 10) / 10,
      latencyMs: toLatencyMs(w.latency),
      failed: failedOf(w.counts),
      inFlight: engine.inFlight(),
    };
    const backlog = engine instanceof Pacer ? engine.backlog() : undefined;
    if (backlog) {
      const sent = (engine as Pacer).sentCount();
      t.sent = sent - lastSent;
      lastSent = sent;
      t.waited = backlog.waited - lastBacklog.waited;
      t.dropped = backlog.dropped - lastBacklog.dropped;
      t.connections = backlog.connections;
      t.waiting = backlog.waiting;
      lastBacklog = backlog;
    }
    // The run's end can beat the last tick by a few milliseconds: that window is still a second.
    if (final && seconds < 0.9) t.partial = true;
    if (ticks <= warmupS) t.warmup = true;
    timeline.push(t);
    self.emit('tick', t);
    if (final) return;
    if (ticks === warmupS) warmup = endWarmup(warmupS, now, recorder, engine);
    o.metrics?.push(engineSample(engine, o, now));
    if (o.stopWhen && !checking) {
      checking = true;
      Promise.resolve(o.stopWhen(t))
        .then((answer) => {
          if (answer) requestStop('condition', typeof answer === 'string' ? answer : undefined);
        })
        .catch(() => undefined)
        .finally(() => (checking = false));
    }
    tickTimer = setTimeout(tick, Math.max(1, (ticks + 1) * 1000 - clock()));
  };
  tickTimer = setTimeout(tick, 1000);

  engine.start();
  await Promise.race([engine.finished, stopSignal]);
  clearTimeout(tickTimer);
  o.signal?.removeEventListener('abort', onAbort);
  const endedAt = clock();
  // Less than a second after the warm-up is no figure: then it counts after all (below).
  if (warmup && endedAt - warmup.endedAt < 1000) warmup = undefined;
  const cpu = process.cpuUsage(warmup?.cpu ?? cpuAtStart);
  // The last, partial window (a run rarely ends on a whole second).
  tick(true);
  // Answers already on the wire count (a Ctrl-C should not lose them), within reason.
  if (engine instanceof Pacer) await engine.stop(Math.min(o.target.timeoutMs, 2000));
  else await engine.stop();
  await o.metrics?.finish(engineSample(engine, o, clock()));
  if (warmupS && !warmup) countWarmupAfterAll(recorder, timeline);

  const countedFrom = warmup?.endedAt ?? 0;
  const durationS = Math.round(endedAt - countedFrom) / 1000;
  const overall = recorder.overall();
  recorder.destroy();
  const part = countsPart(overall.counts, durationS);
  const base = {
    target: targetUrl(o.target),
    method: o.target.method,
    mode: o.mode,
    preset: o.preset,
    startedAt,
    durationS,
    warmup: warmupS ? warmupPart(warmupS, warmup, overall.counts) : undefined,
    stopReason,
    stopDetail,
    peakLevel: o.mode === 'max' ? (o.connections ?? 64) : peakLevel(o.plan),
    plannedRequests: o.mode === 'max' ? undefined : Math.round(plannedRequests(o.plan) - plannedRequests(o.plan, countedFrom)),
    ...part,
    latencyMs: toLatencyMs(overall.latency),
    missed: engine instanceof Pacer && o.mode === 'users' ? engine.missed - (warmup?.missed ?? 0) : undefined,
    ...backlogPart(
      engine,
      timeline.filter((t) => !t.partial && !t.warmup),
      warmup,
    ),
    // This process's CPU (all its threads) over the run (after the warm-up), as a share of one core.
    // Not for a run stopped within its first second: too short to be a figure.
    generatorCpu: endedAt - countedFrom >= 1000 ? Math.round(((cpu.user + cpu.system) / 1000 / (endedAt - countedFrom)) * 1000) / 1000 : undefined,
    timeline,
    clientMetrics: o.metrics?.report(),
  };
  const summary: Summary = { ...base, thresholds: checkThresholds(o.thresholds ?? {}, base) };
  self.emit('done', summary);
  return summary;
}

/**
 * --rate without --connections: enough connections for answers up to 250 ms at the peak rate
 * (Little's law), at least 64. The pool only grows that far when answers slow down.
 */
export function defaultRateConnections(peakRate: number): number {
  return Math.max(64, Math.ceil(peakRate * 0.25));
}

/**
 * Rate mode: sends that waited for a connection, dropped sends, and whether the target kept up,
 * over the counted seconds (`before`: the engine's counts at the warm-up's end, left out).
 */
function backlogPart(
  engine: Pacer | MaxRunner,
  wholeSeconds: Tick[],
  before?: { offSchedule: number; backlog?: { waited: number; dropped: number } },
): Partial<Summary> {
  if (!(engine instanceof Pacer)) return {};
  const b = engine.backlog();
  const pacing = { offSchedule: engine.offSchedule - (before?.offSchedule ?? 0) };
  if (!b) return pacing;
  const waited = b.waited - (before?.backlog?.waited ?? 0);
  const dropped = b.dropped - (before?.backlog?.dropped ?? 0);
  const { saturated, stalls } = saturationOf(wholeSeconds, dropped);
  return {
    ...pacing,
    waited,
    dropped,
    connections: b.connections,
    saturated,
    stalls: stalls || undefined,
    latencyProbe: engine.latencyProbe(),
  };
}

/** The engine's side of a metrics push: users, in flight, missed and dropped so far. */
function engineSample(engine: Pacer | MaxRunner, o: RunOptions, now: number): EngineSample {
  const paced = engine instanceof Pacer ? engine : undefined;
  const users = o.mode === 'users' && paced ? { usersPlanned: paced.activeUsers(now), usersActive: paced.openUsers(now) } : {};
  return { ...users, inFlight: engine.inFlight(), missed: paced?.missed ?? 0, dropped: paced?.backlog()?.dropped ?? 0 };
}

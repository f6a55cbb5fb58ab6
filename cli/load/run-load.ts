// The load run: prepares the mode's engine, starts it on the run's clock, takes a window each
// second, stops it (the plan's end, Ctrl-C, an AbortSignal, an output's stop condition) and builds
// the summary. Everything that consumes the run is an output (outputs/output.ts): the run knows
// none of them by name, nor which engine it drives (engines/engine.ts).
import { performance } from 'node:perf_hooks';
import { buildSummary } from './build-summary.js';
import { createEngine } from './engines/create-engine.js';
import type { Output } from './outputs/output.js';
import { OutputSet } from './outputs/output-set.js';
import type { LoadPlan } from './plan.js';
import { Recorder } from './recorder.js';
import type { RequestTarget } from './request-target.js';
import { SecondTicks } from './second-ticks.js';
import { StopSwitch } from './stop-switch.js';
import type { LoadMode, StopReason, Summary } from './summary.js';
import type { Thresholds } from './thresholds.js';
import { countWarmupAfterAll } from './warmup.js';

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
  /** Whole seconds at the start sent as planned but left out of the summary's figures. */
  warmupS?: number;
  /** What consumes the run, in this order (outputs/output.ts). */
  outputs?: Output[];
}

export class LoadRun {
  /** The summary, once every output has had it. */
  readonly done: Promise<Summary>;
  private readonly stopSwitch = new StopSwitch();
  /** True once the engine has stopped: what is left (the outputs' summary phases) sends nothing. */
  loadEnded = false;

  constructor(o: RunOptions) {
    this.done = execute(o, this.stopSwitch, () => (this.loadEnded = true));
  }

  /** Ends the run early; the summary still comes. */
  stop(reason: StopReason = 'interrupted'): void {
    this.stopSwitch.request(reason);
  }
}

export function startLoad(opts: RunOptions): LoadRun {
  return new LoadRun(opts);
}

async function execute(o: RunOptions, stop: StopSwitch, onEnded: () => void): Promise<Summary> {
  const outputs = new OutputSet(o.outputs ?? []);
  const recorder = new Recorder(outputs.tap());
  let t0 = performance.now();
  const clock = () => performance.now() - t0;
  const engine = await createEngine({ ...o, recorder, clock });
  const unfollow = stop.follow(o.signal);
  try {
    // Outputs first (an alert waiter, the metrics' first push): one that cannot start fails the
    // command before any request is sent. Then connections open before the clock starts, so the
    // first second is as paced as the rest.
    await outputs.start({ mode: o.mode, target: o.target, stop: stop.request });
    await engine.prepare();
  } catch (err) {
    await engine.stop(0);
    recorder.destroy();
    unfollow();
    throw err;
  }
  t0 = performance.now();
  // The wall-clock instant of the clock's zero: timeline seconds and the warm-up's end count from it.
  const startedAt = new Date().toISOString();
  const cpuAtStart = process.cpuUsage();
  const ticks = new SecondTicks({ clock, recorder, engine, warmupS: o.warmupS ?? 0, emit: (s) => outputs.tick(s) });
  ticks.start();
  engine.start();
  await Promise.race([engine.finished, stop.requested]);
  ticks.stop();
  unfollow();
  const endedAt = clock();
  // Less than a second after the warm-up is no figure: then it counts after all (below).
  const warmup = ticks.warmup && endedAt - ticks.warmup.endedAt >= 1000 ? ticks.warmup : undefined;
  const cpu = process.cpuUsage(warmup?.cpu ?? cpuAtStart);
  ticks.takeLast();
  // Answers already on the wire count (a Ctrl-C should not lose them), within reason.
  await engine.stop(Math.min(o.target.timeoutMs, 2000));
  onEnded();
  const counters = engine.snapshot(clock());
  await outputs.end(counters);
  if (o.warmupS && !warmup) countWarmupAfterAll(recorder, ticks.timeline);
  const overall = recorder.overall();
  recorder.destroy();
  const { reason: stopReason, detail: stopDetail } = stop;
  const summary = buildSummary({
    options: o,
    peakLevel: engine.peakLevel,
    startedAt,
    stopReason,
    stopDetail,
    endedAt,
    warmup,
    cpu,
    timeline: ticks.timeline,
    overall,
    engine: counters,
  });
  await outputs.finish(summary);
  return summary;
}

// The run's one-second windows: taken on the absolute second boundaries of the run's clock (so
// windows stay one second apart), each a Tick of the recorder's window and the engine's counters,
// kept in the timeline and given to the outputs. The warm-up ends on the tick that closes it.
import type { Engine, EngineSnapshot } from './engines/engine.js';
import { tickFigures } from './engines/snapshot-figures.js';
import type { TickSample } from './outputs/output.js';
import { failedOf, finishedOf, type Recorder } from './recorder.js';
import { toLatencyMs, type Tick } from './summary.js';
import { endWarmup, type EndedWarmup } from './warmup.js';

export interface SecondTicksOptions {
  clock: () => number;
  recorder: Recorder;
  engine: Engine;
  /** Whole seconds of warm-up (0: none). */
  warmupS: number;
  emit: (sample: TickSample) => void;
}

export class SecondTicks {
  readonly timeline: Tick[] = [];
  /** Set when the warm-up ends: the summary's figures start there. */
  warmup?: EndedWarmup;
  private count = 0;
  private lastAt = 0;
  private timer?: NodeJS.Timeout;
  private before?: EngineSnapshot;

  constructor(private readonly o: SecondTicksOptions) {}

  start(): void {
    this.before = this.o.engine.snapshot(0);
    this.timer = setTimeout(this.next, 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /**
   * The run's last, partial window (a run rarely ends on a whole second), unless the last tick
   * was less than 250 ms ago. The run's end can beat a whole second by a few milliseconds: a
   * window of 0.9 s or more is still a second.
   */
  takeLast(): void {
    if (this.o.clock() - this.lastAt >= 250) this.take(true);
  }

  private readonly next = (): void => {
    this.take(false);
    this.timer = setTimeout(this.next, Math.max(1, (this.count + 1) * 1000 - this.o.clock()));
  };

  private take(last: boolean): void {
    const { clock, recorder, engine, warmupS } = this.o;
    const now = clock();
    const w = recorder.takeWindow();
    const seconds = (now - this.lastAt) / 1000;
    this.lastAt = now;
    this.count++;
    const counters = engine.snapshot(now);
    const t: Tick = {
      elapsedS: Math.round(now / 100) / 10,
      level: Math.round(engine.level(now) * 10) / 10,
      rps: Math.round((finishedOf(w.counts) / seconds) * 10) / 10,
      latencyMs: toLatencyMs(w.latency),
      failed: failedOf(w.counts),
      inFlight: counters.inFlight,
      ...tickFigures(counters, this.before ?? counters),
    };
    this.before = counters;
    if (last && seconds < 0.9) t.partial = true;
    if (this.count <= warmupS) t.warmup = true;
    this.timeline.push(t);
    if (!last && this.count === warmupS) this.warmup = endWarmup(warmupS, now, recorder, counters);
    this.o.emit({ tick: t, engine: counters, last });
  }
}

// The one interface for everything that consumes a load run (k6's output.Output: Start,
// AddMetricSamples, Stop): the live line, the metrics pushed to the lab's Prometheus, the
// client/server comparison, --until-alert, --report, --out, the printed summary, the exit code.
// The run (run-load.ts) knows none of them by name; the command chooses them from the flags.
//
// A run calls each output's hooks in the order the outputs were given, each phase finished
// (awaited) for every output before the next phase starts:
//
//   start      once, after the engine has prepared and before the first send (the clock starts after)
//   tap        every result as it is recorded (the hot path: a few additions, nothing allocated)
//   tick       once a second, with that second's figures and the engine's counters; the last
//              window (after the stop) comes with `last`
//   end        once the engine has stopped: its final counters (last pushes, clear a live line)
//   summarize  the summary, to add to (client metrics, the server's side, where a report went)
//   done       the finished summary, to deliver (print it, write it)
//
// and after the run the command asks `verdict` for the exit code: the first output with one
// decides. An output can end the run early through `start`'s `stop` (e.g. once an alert fired).
// A run from several workers would give each worker's ticks and snapshots to the same outputs.
import type { EngineSnapshot } from '../engines/engine.js';
import type { RecorderTap } from '../recorder.js';
import type { RequestTarget } from '../request-target.js';
import type { LoadMode, StopReason, Summary, Tick } from '../summary.js';

export interface RunStart {
  mode: LoadMode;
  target: RequestTarget;
  /** Ends the run early, like Ctrl-C (the summary still comes); `detail` becomes the summary's stopDetail. */
  stop(reason: StopReason, detail?: string): void;
}

export interface TickSample {
  tick: Tick;
  /** The engine's counters at the tick. */
  engine: EngineSnapshot;
  /** The run's last window, taken after the stop: no tick follows. */
  last: boolean;
}

/** How the command ends: an error to report (a UserError carries its exit code), or a quiet exit code. */
export type Verdict = { error: Error } | { exitCode: number };

export interface Output {
  readonly tap?: RecorderTap;
  start?(run: RunStart): Promise<void> | void;
  tick?(sample: TickSample): void;
  end?(engine: EngineSnapshot): Promise<void> | void;
  summarize?(summary: Summary): Promise<void> | void;
  /** May throw: the run then fails with that error (a --out file that cannot be written). */
  done?(summary: Summary): Promise<void> | void;
  verdict?(summary: Summary): Verdict | undefined;
}

// --warmup: the run's first whole seconds are sent as planned and shown live, but the summary's
// figures start when they end. What the engine had counted by then is kept here, to subtract.
import type { EngineSnapshot } from './engines/engine.js';
import { type Counts, failedOf, finishedOf, type Recorder } from './recorder.js';
import type { Tick, Warmup } from './summary.js';

/** The warm-up, ended: what it held, and the engine's running counts at its end. */
export interface EndedWarmup extends Warmup {
  /** ms since the run's start. */
  endedAt: number;
  /** The engine's counters then. */
  engine: EngineSnapshot;
  /** This process's CPU so far: generatorCpu counts from here. */
  cpu: NodeJS.CpuUsage;
}

/** Called on the tick that closes the warm-up's last second: the recorder's totals start afresh. */
export function endWarmup(seconds: number, now: number, recorder: Recorder, engine: EngineSnapshot): EndedWarmup {
  const counts = recorder.setAside();
  return {
    seconds,
    requests: finishedOf(counts),
    failed: failedOf(counts),
    excluded: true,
    endedAt: now,
    engine,
    cpu: process.cpuUsage(),
  };
}

/** The summary's `warmup`: what was left out, or, for a run that ended within it, that nothing was. */
export function warmupPart(seconds: number, ended: EndedWarmup | undefined, whole: Counts): Warmup {
  if (ended) return { seconds, requests: ended.requests, failed: ended.failed, excluded: true, endedAtS: Math.round(ended.endedAt) / 1000 };
  return { seconds, requests: finishedOf(whole), failed: failedOf(whole), excluded: false };
}

/**
 * When nothing is left out after all (the run ended within its warm-up, or less than a second
 * after it: too little to be a figure): the warm-up's counts go back into the totals, and its
 * seconds lose their mark, to count like any other in the summary's verdicts.
 */
export function countWarmupAfterAll(recorder: Recorder, timeline: Tick[]): void {
  recorder.takeBackSetAside();
  for (const t of timeline) delete t.warmup;
}

// What a tick and the summary read from the engine's counters: pure functions of snapshots, so
// the same figures come from one engine or from the sum of several.
import { saturationOf } from '../saturation.js';
import type { ModeFigures, Tick } from '../summary.js';
import type { EngineSnapshot } from './engine.js';

/** A tick's open-model figures (rate mode): this second's sends, waits and drops, and the pool now. */
export function tickFigures(now: EngineSnapshot, before: EngineSnapshot): Partial<Tick> {
  if (now.mode !== 'rate' || before.mode !== 'rate') return {};
  return {
    sent: now.sent - before.sent,
    waited: now.waited - before.waited,
    dropped: now.dropped - before.dropped,
    connections: now.connections,
    waiting: now.waiting,
  };
}

/**
 * The summary's figures for the mode, over the counted seconds: `end` less what the engine had
 * counted at the warm-up's end (`before`, when one is left out). `wholeSeconds` are the counted
 * whole seconds of the timeline; `plannedRequests`, what the plan asks for over them.
 */
export function modeFigures(end: EngineSnapshot, before: EngineSnapshot | undefined, wholeSeconds: Tick[], plannedRequests: number): ModeFigures {
  switch (end.mode) {
    case 'max':
      return { mode: 'max' };
    case 'users': {
      const b = before?.mode === 'users' ? before : undefined;
      return { mode: 'users', plannedRequests, missed: end.missed - (b?.missed ?? 0), offSchedule: end.offSchedule - (b?.offSchedule ?? 0) };
    }
    case 'rate': {
      const b = before?.mode === 'rate' ? before : undefined;
      const dropped = end.dropped - (b?.dropped ?? 0);
      const { saturated, stalls } = saturationOf(wholeSeconds, dropped);
      return {
        mode: 'rate',
        plannedRequests,
        offSchedule: end.offSchedule - (b?.offSchedule ?? 0),
        waited: end.waited - (b?.waited ?? 0),
        dropped,
        connections: end.connections,
        saturated,
        stalls: stalls || undefined,
        latencyProbe: end.latencyProbe,
      };
    }
  }
}

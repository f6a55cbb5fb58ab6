// The shape of a run over time: a start level and linear stages (users, or requests/s
// for --rate), plus the arithmetic the paced engines need: level at t, and when the k-th request is due.
import { UserError } from '../errors.js';
import { formatDuration, parseDuration } from '../units.js';

export interface Stage {
  /** How long the stage lasts. */
  durationMs: number;
  /** Level reached at its end, linearly from the previous stage's end. */
  target: number;
}

export interface LoadPlan {
  /** Level at t = 0 (0 for a ramp, N for an immediate hold). */
  start: number;
  stages: Stage[];
}

/** "30s:50,1m:200,30s:0" -> stages (k6's notation). */
export function parseStages(text: string): Stage[] {
  const stages = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^([^:]+):(\d+)$/.exec(s);
      if (!m)
        throw new UserError(`Invalid stage "${s}" in --stages.`, {
          code: 'O11Y_FLAG_INVALID',
          hint: 'Write DURATION:TARGET pairs, e.g. --stages 30s:50,1m:200,30s:0',
        });
      return { durationMs: parseDuration(m[1], { what: 'stage duration', guess: 's' }), target: Number(m[2]) };
    });
  if (!stages.length) throw new UserError('--stages is empty.', { code: 'O11Y_FLAG_INVALID', hint: 'e.g. --stages 30s:50,1m:200,30s:0' });
  return stages;
}

/** Ramp linearly 0 -> level over rampMs (if any), then hold for holdMs. */
export function rampThenHold(level: number, rampMs: number, holdMs: number): LoadPlan {
  const stages: Stage[] = [];
  if (rampMs > 0) stages.push({ durationMs: rampMs, target: level });
  if (holdMs > 0) stages.push({ durationMs: holdMs, target: level });
  return { start: rampMs > 0 ? 0 : level, stages };
}

export function planDurationMs(plan: LoadPlan): number {
  return plan.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

export function peakLevel(plan: LoadPlan): number {
  return Math.max(plan.start, ...plan.stages.map((s) => s.target));
}

export function levelAt(plan: LoadPlan, tMs: number): number {
  let from = plan.start;
  let t0 = 0;
  for (const s of plan.stages) {
    if (tMs < t0 + s.durationMs) return from + ((s.target - from) * (tMs - t0)) / s.durationMs;
    t0 += s.durationMs;
    from = s.target;
  }
  return from;
}

/**
 * When the cumulative count of requests (level × seconds, i.e. ∫ level dt) reaches `count`,
 * in ms from the start; Infinity if never within the plan. Times come from this absolute
 * schedule, never from "previous send + interval", so timer lateness cannot accumulate.
 */
export function timeOfCount(plan: LoadPlan, count: number): number {
  let from = plan.start;
  let t0 = 0;
  let done = 0; // requests due before this stage
  for (const s of plan.stages) {
    const d = s.durationMs / 1000;
    const a = from;
    const slope = (s.target - from) / d; // level change per second
    const inStage = a * d + (slope * d * d) / 2;
    const need = count - done;
    if (need <= inStage + 1e-9) {
      // a*τ + slope/2*τ² = need, smallest τ ≥ 0
      let tau: number;
      if (Math.abs(slope) < 1e-12) tau = a > 0 ? need / a : 0;
      else {
        const disc = Math.max(0, a * a + 2 * slope * need);
        tau = (-a + Math.sqrt(disc)) / slope;
      }
      return t0 + Math.min(Math.max(tau, 0), d) * 1000;
    }
    done += inStage;
    t0 += s.durationMs;
    from = s.target;
  }
  return Infinity;
}

/** Requests the plan asks for in its first `untilMs` (∫ level dt), by default in total. */
export function plannedRequests(plan: LoadPlan, untilMs = Infinity): number {
  let from = plan.start;
  let total = 0;
  let t0 = 0;
  for (const s of plan.stages) {
    if (untilMs <= t0) break;
    const d = Math.min(s.durationMs, untilMs - t0);
    const to = d < s.durationMs ? from + ((s.target - from) * d) / s.durationMs : s.target;
    total += ((from + to) / 2) * (d / 1000);
    t0 += s.durationMs;
    from = s.target;
  }
  return total;
}

export function describePlan(plan: LoadPlan, unit: string, holdUntil?: string): string {
  let from = plan.start;
  return plan.stages
    .map((s, i) => {
      // `--until-alert`: the last hold ends on its event; its duration is only a bound.
      const hold =
        holdUntil && i === plan.stages.length - 1
          ? `hold ${s.target} ${unit} until ${holdUntil} (at most ${formatDuration(s.durationMs)})`
          : `hold ${s.target} ${unit} for ${formatDuration(s.durationMs)}`;
      const text = s.target === from ? hold : `${from} → ${s.target} ${unit} over ${formatDuration(s.durationMs)}`;
      from = s.target;
      return text;
    })
    .join(', then ');
}

// The live line: one second of a run in one line (outputs/live-output.ts writes it).
import { style } from '../../output.js';
import { formatDuration } from '../../units.js';
import type { SlowInFlight } from '../slow-in-flight.js';
import type { LoadMode, Tick } from '../summary.js';
import { fmtElapsed, fmtMs } from './format.js';

const UNIT: Record<LoadMode, string> = { users: 'users', rate: 'req/s target', max: 'connections' };

/**
 * `saturation`: rate mode, what saturation.ts makes of this second ('stalled' or 'saturated').
 * `slow`: users mode, the requests out longer than the target usually answers (slow-in-flight.ts).
 */
export function liveLine(t: Tick, mode: LoadMode, saturation?: 'stalled' | 'saturated', slow?: SlowInFlight): string {
  const level = mode === 'users' ? String(Math.round(t.level)) : String(t.level);
  const errors = t.failed > 0 ? style.red(`errors ${t.failed}`) : `errors ${t.failed}`;
  return [
    fmtElapsed(t.elapsedS).padStart(6),
    `${level.padStart(5)} ${UNIT[mode]}`,
    `${t.rps.toFixed(1).padStart(8)} rps`,
    `p50 ${fmtMs(t.latencyMs.p50).padStart(8)}`,
    `p99 ${fmtMs(t.latencyMs.p99).padStart(8)}`,
    errors,
    ...waiting(slow),
    ...backlog(t, saturation),
    ...(t.warmup ? [style.dim('warm-up: not in the summary')] : []),
  ].join('  ');
}

/**
 * Users mode: requests out longer than the target usually answers. A user stuck on a slow
 * request sends nothing else, so it is in no latency figure until it times out: say how many.
 * Requests merely in flight (20 users × 600 ms is 12 at any moment) are not waiting.
 */
function waiting(slow?: SlowInFlight): string[] {
  if (!slow?.count) return [];
  return [style.yellow(`${slow.count} users waiting for an answer (> ${formatDuration(slow.overMs)})`)];
}

/**
 * Rate mode: say so when sends waited for a connection: "stalled" for a moment the target may
 * still recover from, "saturated" once saturation.ts says it cannot keep up.
 */
function backlog(t: Tick, saturation?: 'stalled' | 'saturated'): string[] {
  if (!saturation) return [];
  const parts = [`${saturation}: ${t.waited} waited for a connection`];
  if (t.dropped) parts.push(`${t.dropped} dropped`);
  return [style.yellow(parts.join(', '))];
}

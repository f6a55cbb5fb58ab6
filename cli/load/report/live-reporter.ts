// The live line, once per second: rewritten in place on a terminal, one line per tick when
// piped (logs, CI). Subscribes to the engine's ticks; the engine knows nothing of this.
import { style } from '../../output.js';
import type { LoadRun } from '../run-load.js';
import { behind, stalled, SUSTAINED_S } from '../saturation.js';
import type { LoadMode, Tick } from '../summary.js';
import { fmtElapsed, fmtMs } from './format.js';

const UNIT: Record<LoadMode, string> = { users: 'users', rate: 'req/s target', max: 'connections' };

/** `behindFor`: rate mode, consecutive seconds up to this one that ended with sends waiting (saturation.ts). */
export function liveLine(t: Tick, mode: LoadMode, behindFor = 0): string {
  const level = mode === 'users' ? String(Math.round(t.level)) : String(t.level);
  const errors = t.failed > 0 ? style.red(`errors ${t.failed}`) : `errors ${t.failed}`;
  return [
    fmtElapsed(t.elapsedS).padStart(6),
    `${level.padStart(5)} ${UNIT[mode]}`,
    `${t.rps.toFixed(1).padStart(8)} rps`,
    `p50 ${fmtMs(t.latencyMs.p50).padStart(8)}`,
    `p99 ${fmtMs(t.latencyMs.p99).padStart(8)}`,
    errors,
    ...waiting(t, mode),
    ...backlog(t, behindFor),
  ].join('  ');
}

/** Writes ticks to `out`; returns a function that ends the in-place line before other output. */
export function attachLiveReporter(run: LoadRun, mode: LoadMode, out: NodeJS.WriteStream): { clear(): void; print(line: string): void } {
  const inPlace = out.isTTY === true && process.env.TERM !== 'dumb';
  let pending = false;
  let behindFor = 0;
  run.on('tick', (t) => {
    behindFor = behind(t) ? behindFor + 1 : 0;
    const line = liveLine(t, mode, behindFor);
    if (inPlace) {
      out.write(`\r\u001b[2K${line}`);
      pending = true;
    } else out.write(`${line}\n`);
  });
  const clear = () => {
    if (pending) out.write('\n');
    pending = false;
  };
  return {
    clear,
    print(line: string) {
      clear();
      out.write(`${line}\n`);
    },
  };
}

/**
 * Users mode: requests still unanswered at the tick. A user stuck on a slow request sends
 * nothing else, so it is in no latency figure until it times out: say how many there are.
 */
function waiting(t: Tick, mode: LoadMode): string[] {
  if (mode !== 'users' || t.inFlight <= 2 + 0.05 * t.level) return [];
  return [style.yellow(`${t.inFlight} users waiting for an answer`)];
}

/**
 * Rate mode: say so when sends waited for a connection: "stalled" for a moment the target may
 * recover from, "saturated" once it has stayed behind SUSTAINED_S seconds or sends are dropped.
 */
function backlog(t: Tick, behindFor: number): string[] {
  if (!stalled(t) && !t.dropped) return [];
  const word = t.dropped || behindFor >= SUSTAINED_S ? 'saturated' : 'stalled';
  const parts = [`${word}: ${t.waited} waited for a connection`];
  if (t.dropped) parts.push(`${t.dropped} dropped`);
  return [style.yellow(parts.join(', '))];
}

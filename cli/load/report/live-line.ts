// The live line: one second of a run in one line (outputs/live-output.ts writes it), fitted to
// the terminal's width by fit-line.ts: its least important parts shorten or drop first.
import { style } from '../../output.js';
import type { LoadMode, Tick } from '../summary.js';
import { fitLine, type Piece } from './fit-line.js';
import { fmtElapsed, fmtMs } from './format.js';

const UNIT: Record<LoadMode, string> = { users: 'users', rate: 'req/s target', max: 'connections' };
const SHORT_UNIT: Record<LoadMode, string> = { users: 'u', rate: '/s', max: 'c' };

/**
 * In what order the line gives way as the terminal narrows (lowest first): alignment, the notes'
 * detail, the in-flight note, p50, the gaps, the units, then the notes. Elapsed, level, rps, p99
 * and errors always stay; the summary has every figure in full.
 */
const RANK = { unpad: 1, noteShort: 10, inFlightDrop: 20, p50Drop: 30, tight: 35, units: 40, noteDrop: 50 };

/**
 * `saturation`: rate mode, what saturation.ts makes of this second ('stalled' or 'saturated').
 * `width`: the terminal's; without one (a pipe, a log) the line is whole.
 */
export function liveLine(t: Tick, mode: LoadMode, saturation?: 'stalled' | 'saturated', width = Number.POSITIVE_INFINITY): string {
  const level = mode === 'users' ? String(Math.round(t.level)) : String(t.level);
  const rps = t.rps.toFixed(1);
  const paint = t.failed > 0 ? style.red : (s: string) => s;
  const pieces: Piece[] = [
    padded(fmtElapsed(t.elapsedS).padStart(6), fmtElapsed(t.elapsedS)),
    padded(`${level.padStart(5)} ${UNIT[mode]}`, `${level} ${UNIT[mode]}`, { rank: RANK.units, text: `${level}${SHORT_UNIT[mode]}` }),
    padded(`${rps.padStart(8)} rps`, `${rps} rps`, { rank: RANK.units, text: `${rps}/s` }),
    padded(`p50 ${fmtMs(t.latencyMs.p50).padStart(8)}`, `p50 ${fmtMs(t.latencyMs.p50)}`, { rank: RANK.p50Drop, text: '' }),
    padded(`p99 ${fmtMs(t.latencyMs.p99).padStart(8)}`, `p99 ${fmtMs(t.latencyMs.p99)}`),
    { text: paint(`errors ${t.failed}`), shorter: [{ rank: RANK.units, text: paint(`err ${t.failed}`) }] },
    ...waiting(t, mode),
    ...backlog(t, saturation),
    ...(t.warmup ? [note(style.dim('warm-up: not in the summary'), style.dim('warm-up'))] : []),
  ];
  return fitLine(pieces, width, { gap: '  ', tight: { rank: RANK.tight, gap: ' ' } });
}

/** A figure aligned in its column while there is room, then not. */
function padded(full: string, unpadded: string, ...rest: Array<{ rank: number; text: string }>): Piece {
  return { text: full, shorter: [{ rank: RANK.unpad, text: unpadded }, ...rest] };
}

function note(full: string, short: string): Piece {
  return {
    text: full,
    shorter: [
      { rank: RANK.noteShort, text: short },
      { rank: RANK.noteDrop, text: '' },
    ],
  };
}

/**
 * Users mode: requests still unanswered at the tick. A user stuck on a slow request sends
 * nothing else, so it is in no latency figure until it times out: say how many there are.
 * The least important part of the line: the first to go when it is narrow.
 */
function waiting(t: Tick, mode: LoadMode): Piece[] {
  if (mode !== 'users' || t.inFlight <= 2 + 0.05 * t.level) return [];
  const full = style.yellow(`${t.inFlight} users waiting for an answer`);
  return [
    {
      text: full,
      shorter: [
        { rank: RANK.noteShort, text: style.yellow(`${t.inFlight} waiting`) },
        { rank: RANK.inFlightDrop, text: '' },
      ],
    },
  ];
}

/**
 * Rate mode: say so when sends waited for a connection: "stalled" for a moment the target may
 * still recover from, "saturated" once saturation.ts says it cannot keep up.
 */
function backlog(t: Tick, saturation?: 'stalled' | 'saturated'): Piece[] {
  if (!saturation) return [];
  const parts = [`${saturation}: ${t.waited} waited for a connection`];
  if (t.dropped) parts.push(`${t.dropped} dropped`);
  return [note(style.yellow(parts.join(', ')), style.yellow(saturation))];
}

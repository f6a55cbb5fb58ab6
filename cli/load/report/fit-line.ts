// Fits a line of pieces to a width: the least important pieces shorten or drop first, and no
// piece is ever cut (a terminal cutting the line leaves a stale row behind on every rewrite).
import { visibleLength } from '../../output.js';

/**
 * One piece of the line, fullest form first. Each shorter form takes its place at its `rank`:
 * the lowest rank first, every form of one rank at once, until the line fits; '' drops the piece.
 */
export interface Piece {
  text: string;
  shorter?: Array<{ rank: number; text: string }>;
}

export interface FitOptions {
  /** Between pieces; `tight` replaces it from its rank on. */
  gap: string;
  tight?: { rank: number; gap: string };
}

/** The fullest form of the line that is at most `width` wide (never wider, never a cut piece). */
export function fitLine(pieces: Piece[], width: number, opts: FitOptions): string {
  const forms = pieces.map((p) => p.text);
  let gap = opts.gap;
  const render = () => forms.filter(Boolean).join(gap);
  const steps = pieces
    .flatMap((p, i) => (p.shorter ?? []).map((s) => ({ rank: s.rank, apply: () => (forms[i] = s.text) })))
    .concat(opts.tight ? [{ rank: opts.tight.rank, apply: () => (gap = opts.tight?.gap ?? gap) }] : []);
  // One rank at a time, all of its steps together (every figure loses its alignment at once).
  for (const rank of [...new Set(steps.map((s) => s.rank))].sort((a, b) => a - b)) {
    if (visibleLength(render()) <= width) break;
    for (const step of steps) if (step.rank === rank) step.apply();
  }
  const line = render();
  return visibleLength(line) <= width ? line : leadingPieces(forms.filter(Boolean), gap, width);
}

/** Narrower than the shortest form: the leading whole pieces that fit. */
function leadingPieces(forms: string[], gap: string, width: number): string {
  let out = '';
  for (const form of forms) {
    const next = out ? `${out}${gap}${form}` : form;
    if (visibleLength(next) > width) break;
    out = next;
  }
  return out;
}

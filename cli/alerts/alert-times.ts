// One time per alert event, from one source, with one rounding. Prometheus writes an
// ALERTS{alertstate="firing"} sample at every evaluation while an alert fires, the first at the
// evaluation where it fired: the FiredAt it sends Alertmanager as startsAt. `o11y load
// --until-alert`, `o11y alerts` and `o11y status` all read these timestamps here and print them
// with alertClock; a range query's grid (which moves with the moment it is asked) is not used.
import { queryRawSamples } from '../clients/prometheus-api.js';

export interface FiringSpell {
  /** The evaluation it fired at (ISO). */
  firedAt: string;
  /** The evaluation after its last firing sample, when it no longer fires (ISO). */
  resolvedAt?: string;
}

const iso = (unixS: number) => new Date(unixS * 1000).toISOString();

/** The last run of consecutive samples (no gap wider than 2 steps) of a series, as [first, last] seconds. */
export function lastSpell(values: Array<[number, number]>, stepS: number): [number, number] | undefined {
  if (values.length === 0) return undefined;
  const end = values.length - 1;
  let start = end;
  while (start > 0 && values[start][0] - values[start - 1][0] <= 2 * stepS) start--;
  return [values[start][0], values[end][0]];
}

/** Each alert's last firing spell within `lookbackS`; `firingNow` have no resolvedAt. */
export async function firingSpells(
  prometheusUrl: string,
  evaluationS: number,
  opts: { firingNow?: ReadonlySet<string>; lookbackS?: number; nowS?: number } = {},
): Promise<Map<string, FiringSpell>> {
  const nowS = opts.nowS ?? Date.now() / 1000;
  const series = await queryRawSamples(prometheusUrl, 'ALERTS{alertstate="firing"}', opts.lookbackS ?? 3600, nowS);
  const out = new Map<string, FiringSpell>();
  for (const s of series) {
    const name = s.metric.alertname;
    // A gap of more than two evaluations ends a spell (a missed evaluation does not).
    const spell = name ? lastSpell(s.values, evaluationS) : undefined;
    if (!name || !spell) continue;
    const [from, to] = spell;
    const ended = opts.firingNow ? !opts.firingNow.has(name) : false;
    out.set(name, { firedAt: iso(from), ...(ended ? { resolvedAt: iso(Math.min(to + evaluationS, nowS)) } : {}) });
  }
  return out;
}

/** An alert event's time as every command prints it: the local clock, to the second (truncated). */
export function alertClock(at?: string): string {
  return at ? new Date(Math.floor(Date.parse(at) / 1000) * 1000).toLocaleTimeString() : '';
}

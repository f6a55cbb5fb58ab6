// The client-library families, most specific first, and recognise(): which one a scrape is and
// what the Targets dashboard and alerts will show for it. An unknown family still has `up` and
// the scrape's duration, and is told what it exposes.
import type { Detected, Family, Offer } from '../family.js';
import type { MetricType, Metrics } from '../metric-family.js';
import { expressPromBundle } from './express-prom-bundle.js';
import { fastapiInstrumentator } from './fastapi-instrumentator.js';
import { goClientGolang } from './go-client-golang.js';
import { otelSemconvOld, otelSemconvStable } from './otel-semconv.js';
import { prometheusNet } from './prometheus-net.js';
import { familyOfSeries, offersOf, standardProcess } from './reading.js';
import { springMicrometer } from './spring-micrometer.js';
import { yabedaRails } from './yabeda-rails.js';

/**
 * Order matters where names overlap: several libraries name a histogram
 * http_request_duration_seconds (fastapi, express-prom-bundle, prometheus-net, Go's examples),
 * so those with a distinctive series come first and Go, known by its runtime, comes last.
 */
export const FAMILIES: Family[] = [
  fastapiInstrumentator,
  prometheusNet,
  yabedaRails,
  springMicrometer,
  otelSemconvStable,
  otelSemconvOld,
  expressPromBundle,
  goClientGolang,
];

export const UNKNOWN_FAMILY = { id: 'unknown', name: 'unknown client library' };

export interface Recognised extends Detected {
  family: { id: string; name: string };
  /** What the scrape exposes, largest families first: what an unknown family is told. */
  exposes: Array<{ name: string; type: MetricType; series: number }>;
  /**
   * Set when the request metrics have no samples yet (no request served since the service
   * started): their labels are the library's defaults, not read; recognise again after traffic.
   */
  provisional?: string;
}

const PROVISIONAL = 'no request served yet: the route and status labels are the library defaults, not read from samples; recognised again once it has traffic';

export function recognise(metrics: Metrics): Recognised {
  const exposes = [...metrics]
    .map(([name, f]) => ({ name, type: f.type, series: f.series }))
    .sort((a, b) => b.series - a.series || a.name.localeCompare(b.name));
  for (const family of FAMILIES) {
    const detected = family.detect(metrics);
    if (!detected) continue;
    const unobserved = detected.http && familyOfSeries(metrics, detected.http.requests)?.series === 0;
    return { family: { id: family.id, name: family.name }, ...detected, exposes, ...(unobserved ? { provisional: PROVISIONAL } : {}) };
  }
  const process = standardProcess(metrics);
  const offers: Offer[] = offersOf(undefined, process, {});
  return { family: UNKNOWN_FAMILY, process, offers, exposes };
}

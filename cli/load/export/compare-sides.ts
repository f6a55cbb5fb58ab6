// At the end of a run against the lab: the client's and the server's p50/p99 over the same window,
// both from Prometheus with the same PromQL shape (histogram_quantile over the same buckets), and
// a one-line reading of the difference.
import { queryValue } from '../../clients/prometheus-api.js';
import { LOAD_METRIC, LOAD_RUN_LABEL, METRIC, USER_TRAFFIC } from '../../../server/metric-names.js';
import { fmtMs } from '../report/format.js';
import type { Quantiles, SidesComparison } from '../summary.js';

export interface CompareOptions {
  prometheusUrl: string;
  run: string;
  /** Unix seconds of the run's first and last accepted push. */
  window: { start: number; end: number };
  /** Unix seconds: leave out what came before (the end of a --warmup). */
  from?: number;
  /** The lab's scrape interval: the server's figures for the run's last seconds come with its next scrape. */
  scrapeIntervalS: number;
}

/** Client and server quantiles over the run (after its warm-up), or why Prometheus cannot give both. */
export async function compareSides(o: CompareOptions): Promise<SidesComparison | { unavailable: string }> {
  const serverAt = await nextScrapeAfter(o.prometheusUrl, o.window.end, (o.scrapeIntervalS + 3) * 1000);
  if (serverAt === undefined) return { unavailable: `Prometheus has no ${METRIC.duration} of the gradebook (is it scraping the app?)` };
  const clientBuckets = `${LOAD_METRIC.duration}_bucket{${LOAD_RUN_LABEL}="${o.run}"}`;
  const serverBuckets = `${METRIC.duration}_bucket{${USER_TRAFFIC}}`;
  let window = o.window;
  let client: Promise<Quantiles | undefined>;
  let server: Promise<Quantiles | undefined>;
  if (o.from === undefined) {
    // The client's series start at zero on the first push: the range only has to reach it.
    client = quantiles(o.prometheusUrl, clientBuckets, `${Math.ceil(o.window.end - o.window.start) + 1}s`, o.window.end);
    // The server's counters run on: one scrape interval more reaches their last value before the run.
    server = quantiles(o.prometheusUrl, serverBuckets, `${Math.ceil(serverAt - o.window.start + o.scrapeIntervalS)}s`, serverAt);
  } else {
    // Both sides from the server's first scrape after the warm-up: its counts there (and the
    // client's at its next push, within a second) are the baseline, so no warm-up request is in
    // either side. increase() extrapolates every bucket of a side alike (same timestamps), which
    // leaves its quantiles as they are.
    const start = await firstScrapeFrom(o.prometheusUrl, o.from, o.scrapeIntervalS);
    // The client pushes once a second: a range needs two of its pushes, and the server's two scrapes.
    if (start > o.window.end - 1 || start >= serverAt) {
      return {
        unavailable: `the run went on for less than a second after the gradebook's first scrape after its warm-up (scrapeInterval ${o.scrapeIntervalS}s): a longer run leaves seconds to compare`,
      };
    }
    window = { start, end: o.window.end };
    client = quantiles(o.prometheusUrl, clientBuckets, rangeFrom(start, o.window.end), o.window.end);
    server = quantiles(o.prometheusUrl, serverBuckets, rangeFrom(start, serverAt), serverAt);
  }
  const [clientMs, serverMs] = await Promise.all([client, server]);
  if (!clientMs && o.from !== undefined)
    return {
      unavailable: `fewer than two pushes of run="${o.run}" after the gradebook's first scrape after the warm-up: a longer run leaves seconds to compare`,
    };
  if (!clientMs) return { unavailable: `Prometheus has no latency samples of run="${o.run}"` };
  if (!serverMs)
    return {
      unavailable: `the gradebook's histogram has no requests between ${o.from === undefined ? "the run's start" : 'its first scrape after the warm-up'} and its last scrape`,
    };
  return { window, clientMs, serverMs, reading: readDifference(clientMs, serverMs) };
}

/** A range back from `toS` that holds a sample taken at `fromS` (1 ms to spare), in whole ms. */
function rangeFrom(fromS: number, toS: number): string {
  return `${Math.round(toS * 1000) - Math.round(fromS * 1000) + 1}ms`;
}

/** Unix seconds of the gradebook's first scrape at or after `fromS`; `fromS` itself if a scrape was missed. */
async function firstScrapeFrom(prometheusUrl: string, fromS: number, scrapeIntervalS: number): Promise<number> {
  // The latest scrape by one interval later is the first one after `fromS` (scrapes are regular).
  const at = await queryValue(prometheusUrl, `max(timestamp(${METRIC.duration}_count{${USER_TRAFFIC}}))`, fromS + scrapeIntervalS);
  return at !== undefined && at >= fromS ? at : fromS;
}

async function quantiles(prometheusUrl: string, buckets: string, range: string, atS: number): Promise<Quantiles | undefined> {
  const at = (q: number) => queryValue(prometheusUrl, `histogram_quantile(${q}, sum by (le) (increase(${buckets}[${range}])))`, atS);
  const [p50, p99] = await Promise.all([at(0.5), at(0.99)]);
  if (p50 === undefined || p99 === undefined || !Number.isFinite(p50) || !Number.isFinite(p99)) return undefined;
  const ms = (s: number) => Math.round(s * 1e6) / 1e3;
  return { p50: ms(p50), p99: ms(p99) };
}

/** Unix seconds of the gradebook's first scrape at or after `afterS` (the latest one when none comes in time). */
async function nextScrapeAfter(prometheusUrl: string, afterS: number, timeoutMs: number): Promise<number | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const latest = await queryValue(prometheusUrl, `max(timestamp(${METRIC.duration}_count{${USER_TRAFFIC}}))`).catch(() => undefined);
    if ((latest !== undefined && latest >= afterS) || Date.now() >= until) return latest;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Both within a bucket's interpolation of each other, a shift of the whole distribution, or a longer tail. */
export function readDifference(client: Quantiles, server: Quantiles): string {
  const d50 = client.p50 - server.p50;
  const d99 = client.p99 - server.p99;
  const close = (d: number, base: number) => Math.abs(d) <= Math.max(0.2, 0.1 * base);
  if (close(d50, server.p50) && close(d99, server.p99)) return 'Client and server agree: the time is spent inside the service.';
  if (d99 < 0 && !close(d99, server.p99)) {
    return `The server's p99 is ${fmtMs(-d99)} above the client's: its histogram holds other traffic of the same window (another client, other routes).`;
  }
  if (d50 >= 0.5 * d99) {
    return `Every request took about ${fmtMs(d50)} longer at the client than in the service: a fixed cost outside its handler (the network and Docker's port forwarding, connecting, parsing).`;
  }
  return `Medians ${fmtMs(Math.abs(d50))} apart, but the client's p99 is ${fmtMs(d99)} above the server's: requests queued before the service's clock started (the socket's backlog, a busy event loop on either side), or a stall counted for the sends it held back.`;
}

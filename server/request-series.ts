// The per-request series of /metrics kept as plain numbers, one record per (handler, method)
// resolved once and cached, and turned into prom-client's export format only when scraped.
// Why not prom-client's Counter/Histogram on the request path: each inc/observe with labels
// builds and sorts a label hash and allocates; at saturation that cost (and its GC) was a
// measurable share of the service's CPU per request (docs/load.md, "The service's cost").

import { METRIC } from './metric-names.js';

const STATUS_GROUPS = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** Counts and sums for one handler and method. */
export class RouteSeries {
  readonly statuses = [0, 0, 0, 0, 0];
  /** Per-bucket (not cumulative) counts of the labelled duration histogram. */
  readonly buckets: Float64Array;
  sum = 0;
  count = 0;
  requestBytes = 0;
  responseBytes = 0;

  constructor(
    readonly handler: string,
    readonly method: string,
    bucketCount: number,
  ) {
    this.buckets = new Float64Array(bucketCount);
  }
}

/** Index of the first bound >= value (bounds.length for +Inf). */
function bucketOf(bounds: readonly number[], value: number): number {
  let i = 0;
  while (i < bounds.length && value > bounds[i]) i++;
  return i;
}

interface ExportValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/** A metric prom-client's Registry can export: it calls get() at scrape time. */
class ExportedMetric {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram' | 'summary',
    private readonly values: () => ExportValue[],
  ) {}
  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }
  reset(): void {}
}

function histogramValues(
  name: string,
  bounds: readonly number[],
  labels: Record<string, string>,
  perBucket: ArrayLike<number>,
  sum: number,
  count: number,
): ExportValue[] {
  const out: ExportValue[] = [];
  let acc = 0;
  for (let i = 0; i < bounds.length; i++) {
    acc += perBucket[i];
    out.push({ metricName: `${name}_bucket`, labels: { le: bounds[i], ...labels }, value: acc });
  }
  out.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
  out.push({ metricName: `${name}_sum`, labels, value: sum });
  out.push({ metricName: `${name}_count`, labels, value: count });
  return out;
}

export interface RequestSeriesOptions {
  durationBuckets: readonly number[];
  highrBuckets: readonly number[];
}

/** Every request series of the service, with the metrics that export them. */
export class RequestSeriesSet {
  private readonly byHandler = new Map<string, Map<string, RouteSeries>>();
  private readonly all: RouteSeries[] = [];
  private readonly highr: Float64Array;
  private highrSum = 0;
  private highrCount = 0;

  constructor(private readonly o: RequestSeriesOptions) {
    this.highr = new Float64Array(o.highrBuckets.length + 1);
  }

  /** The record for a handler and method (created on first use, then reused). */
  series(handler: string, method: string): RouteSeries {
    let byMethod = this.byHandler.get(handler);
    if (!byMethod) {
      byMethod = new Map();
      this.byHandler.set(handler, byMethod);
    }
    let s = byMethod.get(method);
    if (!s) {
      s = new RouteSeries(handler, method, this.o.durationBuckets.length + 1);
      byMethod.set(method, s);
      this.all.push(s);
    }
    return s;
  }

  observe(s: RouteSeries, status: number, seconds: number, requestBytes: number, responseBytes: number): void {
    const group = Math.floor(status / 100) - 1;
    s.statuses[group >= 0 && group < 5 ? group : 4]++;
    s.buckets[bucketOf(this.o.durationBuckets, seconds)]++;
    s.sum += seconds;
    s.count++;
    s.requestBytes += requestBytes;
    s.responseBytes += responseBytes;
    this.highr[bucketOf(this.o.highrBuckets, seconds)]++;
    this.highrSum += seconds;
    this.highrCount++;
  }

  /** The original lab's five series, for registry.registerMetric. */
  metrics(): ExportedMetric[] {
    const { durationBuckets, highrBuckets } = this.o;
    return [
      new ExportedMetric(METRIC.requests, 'Total number of requests by method, status and handler.', 'counter', () =>
        this.all.flatMap((s) =>
          STATUS_GROUPS.flatMap((status, i) =>
            s.statuses[i] > 0 ? [{ metricName: METRIC.requests, labels: { method: s.method, status, handler: s.handler }, value: s.statuses[i] }] : [],
          ),
        ),
      ),
      new ExportedMetric(
        METRIC.duration,
        'Latency with only few buckets by handler. Made to be only used if aggregation by handler is important.',
        'histogram',
        () => this.all.flatMap((s) => histogramValues(METRIC.duration, durationBuckets, { method: s.method, handler: s.handler }, s.buckets, s.sum, s.count)),
      ),
      new ExportedMetric(
        METRIC.durationHighr,
        'Latency with many buckets but no API specific labels. Made for more accurate percentile calculations.',
        'histogram',
        () => histogramValues(METRIC.durationHighr, highrBuckets, {}, this.highr, this.highrSum, this.highrCount),
      ),
      this.sizeSummary(
        METRIC.requestSize,
        'Content length of incoming requests by handler. Only value of header is respected. Otherwise ignored.',
        (s) => s.requestBytes,
      ),
      this.sizeSummary(
        METRIC.responseSize,
        'Content length of outgoing responses by handler. Only value of header is respected. Otherwise ignored.',
        (s) => s.responseBytes,
      ),
    ];
  }

  /** A summary with _sum and _count only, by handler, as Python's prometheus_client exports it. */
  private sizeSummary(name: string, help: string, bytes: (s: RouteSeries) => number): ExportedMetric {
    return new ExportedMetric(name, help, 'summary', () =>
      [...this.byHandler].flatMap(([handler, byMethod]) => {
        let sum = 0;
        let count = 0;
        for (const s of byMethod.values()) {
          sum += bytes(s);
          count += s.count;
        }
        return [
          { metricName: `${name}_sum`, labels: { handler }, value: sum },
          { metricName: `${name}_count`, labels: { handler }, value: count },
        ];
      }),
    );
  }
}

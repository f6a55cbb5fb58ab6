// What a scrape says about one metric family: the shape recognising a client library reads.
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface MetricFamily {
  type: MetricType;
  help?: string;
  /** OpenMetrics `# UNIT`, when given. */
  unit?: string;
  /** Every label name seen on the family's samples (`le` and `quantile` included). */
  labelNames: Set<string>;
  /** Sample lines: one per series Prometheus stores (each bucket is one). */
  series: number;
}

/** Keyed by family name; a counter under the name Prometheus stores (with `_total`, as 0.0.4 writes it). */
export type Metrics = Map<string, MetricFamily>;

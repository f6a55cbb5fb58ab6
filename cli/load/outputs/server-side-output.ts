// After a run against the lab: the client's and the server's p50/p99 over the run's window, after
// its warm-up (export/compare-sides.ts), into the summary; or why Prometheus could not give both.
import { compareSides } from '../export/compare-sides.js';
import type { MetricsExporter } from '../export/metrics-exporter.js';
import type { Summary } from '../summary.js';
import type { Output } from './output.js';

export interface ServerSideOptions {
  exporter: MetricsExporter;
  prometheusUrl: string;
  /** The lab's scrape interval: the server's last figures come with its next scrape. */
  scrapeIntervalS: number;
  say?: (line: string) => void;
}

export class ServerSideOutput implements Output {
  constructor(private readonly o: ServerSideOptions) {}

  async summarize(summary: Summary): Promise<void> {
    const window = this.o.exporter.window();
    if (!window) return;
    this.o.say?.("Reading the server's side of the same window from Prometheus (its next scrape)…");
    const ended = summary.warmup?.excluded ? summary.warmup.endedAtS : undefined;
    const from = ended === undefined ? undefined : Date.parse(summary.startedAt) / 1000 + ended;
    const { prometheusUrl, scrapeIntervalS, exporter } = this.o;
    const sides = await compareSides({ prometheusUrl, run: exporter.run, window, from, scrapeIntervalS }).catch((err: Error) => ({ unavailable: err.message }));
    if (!('unavailable' in sides)) summary.sides = sides;
    else if (summary.clientMetrics) summary.clientMetrics.noComparison = sides.unavailable;
  }
}

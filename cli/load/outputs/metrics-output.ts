// The client's own series, pushed to the lab's Prometheus (export/metrics-exporter.ts): every
// result through the tap, a push per second, the final values at the end; the summary says
// where they went. Or, when the target is not the lab, why they went nowhere.
import type { EngineSnapshot } from '../engines/engine.js';
import type { EngineSample } from '../export/client-series.js';
import type { MetricsExporter } from '../export/metrics-exporter.js';
import type { RecorderTap } from '../recorder.js';
import type { Summary } from '../summary.js';
import type { Output, TickSample } from './output.js';

export type MetricsDestination = { exporter: MetricsExporter } | { nowhere: string };

export interface MetricsOutputOptions {
  /** Lines for the user: where the series go, pushes failing and getting through again. */
  say?: (line: string) => void;
}

export class MetricsOutput implements Output {
  readonly tap?: RecorderTap;
  private readonly exporter?: MetricsExporter;
  private readonly nowhere?: string;

  constructor(
    to: MetricsDestination,
    private readonly o: MetricsOutputOptions = {},
  ) {
    if ('exporter' in to) {
      this.exporter = to.exporter;
      this.tap = to.exporter.series;
    } else this.nowhere = to.nowhere;
  }

  /** Every series at zero before the first send (the exporter's start, once). */
  async start(): Promise<void> {
    this.o.say?.(this.exporter ? await this.exporter.start() : `Client metrics went nowhere: ${this.nowhere}. The summary has every figure.`);
  }

  tick({ engine, last }: TickSample): void {
    if (!last) this.exporter?.push(engineSample(engine));
  }

  async end(engine: EngineSnapshot): Promise<void> {
    await this.exporter?.finish(engineSample(engine));
  }

  summarize(summary: Summary): void {
    summary.clientMetrics = this.exporter?.report() ?? { pushed: 0, failed: 0, nowhere: this.nowhere };
  }
}

/** The engine's side of a push: users, in flight, missed and dropped so far. */
export function engineSample(s: EngineSnapshot): EngineSample {
  const users = s.mode === 'users' ? { usersPlanned: s.usersPlanned, usersActive: s.usersActive } : {};
  return { ...users, inFlight: s.inFlight, missed: s.mode === 'users' ? s.missed : 0, dropped: s.mode === 'rate' ? s.dropped : 0 };
}

// Pushes the client's series (client-series.ts) to the lab's Prometheus by remote write: all of
// them at zero before the first send, then once per tick, and at the end the final values with a
// staleness marker, so a finished run's gauges stop at once rather than 5 minutes later. Values are
// cumulative, so a push that fails loses resolution, never counts. The user hears about failures
// once (and once when they stop), never per push.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { shownUrl } from '../../clients/lab-http.js';
import type { ClientMetricsReport } from '../summary.js';
import { ClientSeries, type EngineSample } from './client-series.js';
import { encodeWriteRequest, pushWriteRequest, STALE_NAN, type PushResult, type TimeSeries } from './remote-write.js';

export interface ExporterOptions {
  /** Base URL of the lab's Prometheus, e.g. http://127.0.0.1:9090. */
  prometheusUrl: string;
  /** Users mode: the users gauges are exported. */
  users: boolean;
  /** A line for the user when pushes start failing, and when they get through again. */
  onLine?: (line: string) => void;
  run?: string;
  pushTimeoutMs?: number;
}

/** A run id that sorts by time and reads in a legend: 20261104T101233-7f3a (UTC). */
export function newRunId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${t}-${randomBytes(2).toString('hex')}`;
}

export class MetricsExporter {
  readonly run: string;
  readonly series: ClientSeries;
  private readonly url: string;
  /** One connection for the run's pushes, not one per second. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private pushing?: Promise<void>;
  private starting?: Promise<string>;
  private pushed = 0;
  private failed = 0;
  /** Whether the last push got through (undefined before the first). */
  private reaching?: boolean;
  /** A refusal that will not change during the run (the receiver is off): no more pushes. */
  private refused?: string;
  private lastFailure?: string;
  private lastTimestamp = 0;
  private firstAccepted?: number;
  private lastAccepted?: number;

  constructor(private readonly o: ExporterOptions) {
    this.run = o.run ?? newRunId();
    this.series = new ClientSeries(this.run);
    this.url = `${o.prometheusUrl.replace(/\/$/, '')}/api/v1/write`;
  }

  /**
   * Pushes every series at zero (a counter's start, so increase() counts the first second); returns
   * the line to show. Once: a second call (the run's metrics output after its caller) gives the same line.
   */
  start(): Promise<string> {
    this.starting ??= this.pushZeros();
    return this.starting;
  }

  private async pushZeros(): Promise<string> {
    await this.send({ inFlight: 0, missed: 0, dropped: 0, ...(this.o.users ? { usersPlanned: 0, usersActive: 0 } : {}) });
    if (this.reaching)
      return `Client metrics: pushed to Prometheus at ${shownUrl(this.o.prometheusUrl)} as run="${this.run}" (Grafana: the overview's Load row).`;
    return `Client metrics went nowhere: ${this.lastFailure}. The run goes on; its summary has every figure.`;
  }

  /** Once per tick; skipped while the previous push is still out (the next one carries its counts). */
  push(engine: EngineSample): void {
    if (this.pushing || this.refused) return;
    this.pushing = this.send(engine).finally(() => (this.pushing = undefined));
  }

  /** The final values, then a staleness marker on every series; bounded by the push timeout. */
  async finish(engine: EngineSample): Promise<void> {
    await this.pushing;
    if (!this.refused) await this.send(engine, true);
    this.agent.destroy();
  }

  /** Unix seconds from the first accepted push to the last, when any got through. */
  window(): { start: number; end: number } | undefined {
    return this.firstAccepted !== undefined && this.lastAccepted !== undefined
      ? { start: this.firstAccepted / 1000, end: this.lastAccepted / 1000 }
      : undefined;
  }

  report(): ClientMetricsReport {
    const report: ClientMetricsReport = { run: this.run, prometheus: shownUrl(this.o.prometheusUrl), pushed: this.pushed, failed: this.failed };
    if (this.pushed === 0) report.nowhere = this.lastFailure ?? 'nothing was pushed';
    return report;
  }

  private async send(engine: EngineSample, last = false): Promise<void> {
    const timestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    this.lastTimestamp = timestamp + (last ? 1 : 0);
    const timeseries: TimeSeries[] = this.series.values(engine).map((s) => ({
      labels: s.labels,
      samples: last
        ? [
            { value: s.value, timestamp },
            { value: STALE_NAN, timestamp: timestamp + 1 },
          ]
        : [{ value: s.value, timestamp }],
    }));
    this.note(await pushWriteRequest(this.url, encodeWriteRequest(timeseries), this.o.pushTimeoutMs ?? 2000, this.agent), timestamp);
  }

  private note(result: PushResult, timestamp: number): void {
    const was = this.reaching;
    if (result.ok) {
      this.pushed++;
      this.reaching = true;
      this.firstAccepted ??= timestamp;
      this.lastAccepted = timestamp;
      if (was === false) {
        const line = this.pushed === 1 ? `now reach Prometheus at ${shownUrl(this.o.prometheusUrl)} as run="${this.run}"` : 'reach Prometheus again';
        this.o.onLine?.(`Client metrics ${line}.`);
      }
      return;
    }
    this.failed++;
    this.reaching = false;
    this.lastFailure = this.explain(result);
    if (result.status === 404) this.refused = this.lastFailure;
    if (was === true) this.o.onLine?.(`Client metrics stopped reaching Prometheus: ${this.lastFailure}. The run goes on.`);
  }

  private explain(result: Exclude<PushResult, { ok: true }>): string {
    const at = `Prometheus at ${shownUrl(this.o.prometheusUrl)}`;
    if (result.status === 404)
      return `${at} does not accept remote write (started without --web.enable-remote-write-receiver; \`o11y up\` recreates it with the flag)`;
    if (result.status) return `${at} refused them (${result.reason.slice(0, 200)})`;
    return `${at} is not answering (${result.reason}); is the lab up? (\`o11y up\`)`;
  }
}

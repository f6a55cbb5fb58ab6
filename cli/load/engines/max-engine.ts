// --max: as many requests as the service will take, from `connections` keep-alive connections,
// each sending its next request as soon as the previous answer arrives (autocannon's own run(),
// no pacing). Latencies come from its `response` events into our microsecond histogram.
import autocannon from 'autocannon';
import { planDurationMs } from '../plan.js';
import { targetUrl } from '../request-target.js';
import type { Engine, EngineOptions, MaxSnapshot } from './engine.js';

export class MaxEngine implements Engine {
  readonly finished: Promise<void>;
  readonly peakLevel: number;
  private instance?: autocannon.Instance;
  private ended = false;
  private timer?: NodeJS.Timeout;
  private finish!: () => void;
  private readonly autocannonDone: Promise<void>;
  private acDone!: () => void;
  private readonly durationMs: number;

  /** `connections`: the level of the whole run. */
  constructor(
    private readonly o: EngineOptions,
    private readonly connections: number,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    this.autocannonDone = new Promise((resolve) => (this.acDone = resolve));
    this.durationMs = planDurationMs(o.plan);
    this.peakLevel = connections;
  }

  /** autocannon opens its connections as it starts. */
  async prepare(): Promise<void> {}

  start(): void {
    const { target, recorder } = this.o;
    const instance = autocannon(
      {
        url: targetUrl(target),
        method: target.method as autocannon.Request['method'],
        body: target.body,
        headers: { ...(target.body ? { 'content-type': 'application/json' } : {}), ...target.headers },
        connections: this.connections,
        // Our engine stops it at the end of the plan; this is only a backstop.
        duration: Math.ceil(this.durationMs / 1000) + 5,
        timeout: target.timeoutMs / 1000,
        // The result's millisecond histograms are not used: we keep our own in microseconds.
        skipAggregateResult: true,
      } as autocannon.Options,
      () => {
        this.acDone();
        this.finish();
      },
    );
    // autocannon only stops at its next one-second sample: what comes after our end is not counted.
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (!this.ended) recorder.response(status, ms * 1000);
    });
    instance.on('reqError', (err: NodeJS.ErrnoException) => {
      if (this.ended) return;
      if (err.message === 'request timed out') recorder.timeout(target.timeoutMs * 1000);
      else recorder.error(err.code ?? err.message);
    });
    this.instance = instance;
    this.timer = setTimeout(() => {
      this.ended = true;
      this.finish();
    }, this.durationMs);
  }

  level(): number {
    return this.connections;
  }

  snapshot(): MaxSnapshot {
    return { mode: 'max', inFlight: this.connections };
  }

  /** autocannon ends at its next one-second sample, whatever the grace: answers after the end are not counted. */
  async stop(): Promise<void> {
    this.ended = true;
    clearTimeout(this.timer);
    this.finish();
    // Stopped before it started (an output failed at the start): no autocannon to wait for.
    if (!this.instance) return;
    this.instance.stop();
    await this.autocannonDone;
  }
}

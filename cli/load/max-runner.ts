// --max: as many requests as the service will take, from `connections` keep-alive connections,
// each sending its next request as soon as the previous answer arrives (autocannon's own run(),
// no pacing). Latencies come from its `response` events into our microsecond histogram.
import autocannon from 'autocannon';
import type { Recorder } from './recorder.js';
import { targetUrl, type RequestTarget } from './request-target.js';

export interface MaxRunnerOptions {
  target: RequestTarget;
  connections: number;
  durationMs: number;
  recorder: Recorder;
}

export class MaxRunner {
  private instance?: autocannon.Instance;
  private ended = false;
  private timer?: NodeJS.Timeout;
  /** Resolves at the end of the planned duration (or if autocannon ends first). */
  readonly finished: Promise<void>;
  private finish!: () => void;
  private readonly autocannonDone: Promise<void>;
  private acDone!: () => void;

  constructor(private readonly o: MaxRunnerOptions) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    this.autocannonDone = new Promise((resolve) => (this.acDone = resolve));
  }

  start(): void {
    const { target, recorder } = this.o;
    const instance = autocannon(
      {
        url: targetUrl(target),
        method: target.method as autocannon.Request['method'],
        body: target.body,
        headers: { ...(target.body ? { 'content-type': 'application/json' } : {}), ...target.headers },
        connections: this.o.connections,
        // Our engine stops it at the end of the plan; this is only a backstop.
        duration: Math.ceil(this.o.durationMs / 1000) + 5,
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
    }, this.o.durationMs);
  }

  inFlight(): number {
    return this.o.connections;
  }

  /** autocannon ends at its next one-second sample. */
  async stop(): Promise<void> {
    this.ended = true;
    clearTimeout(this.timer);
    this.instance?.stop();
    await this.autocannonDone;
  }
}

// How a run is asked to end early (Ctrl-C, an AbortSignal, an output's stop condition): the
// first reason asked for is the one the summary gives.
import type { StopReason } from './summary.js';

export class StopSwitch {
  reason: StopReason = 'completed';
  detail?: string;
  /** Resolves at the first request. */
  readonly requested: Promise<void>;
  private resolve!: () => void;

  constructor() {
    this.requested = new Promise((resolve) => (this.resolve = resolve));
  }

  readonly request = (reason: StopReason, detail?: string): void => {
    if (this.reason === 'completed') {
      this.reason = reason;
      this.detail = detail;
    }
    this.resolve();
  };

  /** Stops the run ('aborted') when `signal` aborts; returns what stops listening. */
  follow(signal?: AbortSignal): () => void {
    const onAbort = () => this.request('aborted');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    return () => signal?.removeEventListener('abort', onAbort);
  }
}

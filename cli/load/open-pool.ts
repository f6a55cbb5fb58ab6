// The open model's connections (--rate): a pool opened before it is needed, sized from the rate
// and the latency it observes (Little's law: in flight = rate × latency, doubled for headroom),
// bounded by a cap under the open-file limit, and reused. A due request takes an idle connection;
// with none idle it waits in a bounded queue (the wait counts in its latency); past the bound it is
// dropped and counted, so a target that cannot keep up never makes the generator's memory grow.
import { PacedConnection, type ConnectionEvents } from './paced-connection.js';
import type { Recorder } from './recorder.js';
import type { WireRequest } from './request-target.js';

export interface OpenPoolOptions {
  request: WireRequest;
  recorder: Recorder;
  clock: () => number;
  /** Most connections to hold (never above connectionCap()). */
  cap: number;
  /** Most requests waiting for a connection; beyond, sends are dropped. */
  queueLimit: number;
}

/** Connections kept beyond Little's law, for bursts of slow answers. */
const SPARE = 8;
/** Most connections opened per resize: growing is steady, never a storm of connects. */
const OPEN_STEP = 64;

export class OpenPool implements ConnectionEvents {
  private readonly idle: PacedConnection[] = [];
  private readonly all: PacedConnection[] = [];
  /** Due times of waiting requests: a ring buffer, so memory is fixed up front. */
  private readonly queue: Float64Array;
  private head = 0;
  private size = 0;
  private busyCount = 0;
  /** Mean answer time (ms) of recent requests, from the wire (queueing excluded). */
  private latencyMs = 1;
  /** Sends that found no idle connection and waited for one. */
  waited = 0;
  /** Sends dropped because the waiting queue was full. */
  dropped = 0;
  stopped = false;

  constructor(private readonly o: OpenPoolOptions) {
    this.queue = new Float64Array(Math.max(1, o.queueLimit));
  }

  /** Connections with a request on the wire. */
  inFlight(): number {
    return this.busyCount;
  }

  open(): number {
    return this.all.length;
  }

  /** Requests waiting for a connection right now. */
  waiting(): number {
    return this.size;
  }

  /** Grows the pool toward what `rate` needs at the latency seen so far; returns once those are connected. */
  resize(rate: number): Promise<void> {
    const want = Math.min(this.o.cap, Math.ceil((rate * this.latencyMs * 2) / 1000) + SPARE + (this.size > 0 ? OPEN_STEP : 0));
    const opening: Promise<void>[] = [];
    for (let n = 0; this.all.length < want && n < OPEN_STEP; n++) {
      const c = new PacedConnection(this.o.request, this);
      this.all.push(c);
      opening.push(
        c.connect().then(() => {
          // A waiting request takes it at once; otherwise it is idle.
          if (!c.busy) this.next(c);
        }),
      );
    }
    return Promise.all(opening).then(() => undefined);
  }

  /** Sends the request due at `dueAt` now, or queues it for the next free connection. */
  send(dueAt: number): void {
    const c = this.idle.pop();
    if (c) {
      this.busyCount++;
      c.send();
      return;
    }
    this.waited++;
    if (this.size === this.queue.length) {
      this.dropped++;
      return;
    }
    this.queue[(this.head + this.size) % this.queue.length] = dueAt;
    this.size++;
  }

  close(): void {
    this.stopped = true;
    for (const c of this.all) c.close();
    this.busyCount = 0;
  }

  private next(conn: PacedConnection): void {
    if (this.stopped) return;
    if (this.size > 0) {
      const dueAt = this.queue[this.head];
      this.head = (this.head + 1) % this.queue.length;
      this.size--;
      this.busyCount++;
      conn.send(Math.max(0, this.o.clock() - dueAt));
    } else this.idle.push(conn);
  }

  onResponse(status: number, micros: number, conn: PacedConnection): void {
    this.busyCount--;
    this.latencyMs += (micros / 1000 - this.latencyMs) * 0.05;
    // Time spent queued for a connection is part of the latency.
    this.o.recorder.response(status, micros + conn.queuedMs * 1000);
    this.next(conn);
  }

  onError(code: string, conn: PacedConnection): void {
    this.busyCount--;
    this.o.recorder.error(code);
    this.next(conn);
  }

  onTimeout(conn: PacedConnection): void {
    this.busyCount--;
    this.o.recorder.timeout(this.o.request.timeoutMs * 1000);
    this.next(conn);
  }
}

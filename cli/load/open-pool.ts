// The open model's connections (--rate): a pool opened before it is needed, sized from the
// target's latency (a probe before the clock starts, then the answers; pool-sizing.ts), bounded by
// a cap under the open-file limit, and reused. A due request takes an idle connection; with none
// idle it waits in a bounded queue (the wait counts in its latency); past the bound it is dropped
// and counted, so a target that cannot keep up never makes the generator's memory grow.
import { LatencyProbe, type ProbeResult } from './latency-probe.js';
import { PacedConnection, type ConnectionEvents } from './paced-connection.js';
import { PoolSizing } from './pool-sizing.js';
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

/** Most connections opened per resize: growing is steady, never a storm of connects. */
const OPEN_STEP = 64;
/**
 * The probe: up to this many answers, on this many connections, within this long. Enough answers
 * to warm this process's own code too (the first thousand requests run slower until it is
 * compiled, which otherwise shows as a stall in the run's first second).
 */
const PROBE_ANSWERS = 1000;
const PROBE_CONNECTIONS = 4;
const PROBE_MAX_MS = 250;
/** Latency assumed when the probe got no answer. */
const DEFAULT_LATENCY_MS = 1;

export class OpenPool implements ConnectionEvents {
  private readonly idle: PacedConnection[] = [];
  private readonly all: PacedConnection[] = [];
  /** Due times of waiting requests: a ring buffer, so memory is fixed up front. */
  private readonly queue: Float64Array;
  private head = 0;
  private size = 0;
  private busyCount = 0;
  private sizing = new PoolSizing(DEFAULT_LATENCY_MS);
  private probe?: LatencyProbe;
  /** What the probe before the run saw. */
  probeResult?: ProbeResult;
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

  /**
   * Before the clock starts: opens a few connections, measures the target's latency on them, then
   * opens what `rate` needs at that latency. The caller bounds the wait (a target that accepts nothing).
   */
  async prepare(rate: number): Promise<void> {
    const first = this.add(Math.min(this.o.cap, PROBE_CONNECTIONS));
    await Promise.all(first.map((c) => c.connect()));
    if (this.stopped) return;
    const probe = new LatencyProbe(PROBE_ANSWERS, PROBE_MAX_MS);
    this.probe = probe;
    this.probeResult = await probe.run(first);
    // A connection the probe used joins the pool when its last probe request finishes.
    for (const c of first) if (!probe.usedOn(c)) this.next(c);
    this.sizing = new PoolSizing(this.probeResult.p90Ms ?? DEFAULT_LATENCY_MS);
    const want = Math.min(this.o.cap, this.sizing.ahead(rate));
    while (!this.stopped && this.all.length < want) await this.grow(want);
  }

  /** Grows the pool toward what `rate` needs (pool-sizing.ts); returns once those are connected. */
  resize(rate: number): Promise<void> {
    return this.grow(Math.min(this.o.cap, this.sizing.target(rate, this.all.length, this.o.clock())));
  }

  /** Sends the request due at `dueAt` now, or queues it for the next free connection. */
  send(dueAt: number): void {
    const c = this.idle.pop();
    this.sizing.sent(c === undefined);
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

  private grow(want: number): Promise<void> {
    const opening = this.add(Math.min(OPEN_STEP, want - this.all.length)).map((c) =>
      c.connect().then(() => {
        // A waiting request takes it at once; otherwise it is idle.
        if (!c.busy) this.next(c);
      }),
    );
    return Promise.all(opening).then(() => undefined);
  }

  private add(n: number): PacedConnection[] {
    const added: PacedConnection[] = [];
    for (let i = 0; i < n; i++) added.push(new PacedConnection(this.o.request, this));
    this.all.push(...added);
    return added;
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

  /** A probe request finished: the probe decides whether the connection is free for the run. */
  private probed(conn: PacedConnection, micros?: number): boolean {
    if (!this.probe?.owns(conn)) return false;
    if (this.probe.finished(conn, micros)) this.next(conn);
    return true;
  }

  onResponse(status: number, micros: number, conn: PacedConnection): void {
    if (this.probed(conn, micros)) return;
    this.busyCount--;
    this.sizing.answered(micros);
    // Time spent queued for a connection is part of the latency.
    this.o.recorder.response(status, micros + conn.queuedMs * 1000);
    this.next(conn);
  }

  onError(code: string, conn: PacedConnection): void {
    if (this.probed(conn)) return;
    this.busyCount--;
    this.sizing.answered();
    this.o.recorder.error(code);
    this.next(conn);
  }

  onTimeout(conn: PacedConnection): void {
    if (this.probed(conn)) return;
    this.busyCount--;
    this.sizing.answered();
    this.o.recorder.timeout(this.o.request.timeoutMs * 1000);
    this.next(conn);
  }
}

// A short look at the target's latency before the open model's clock starts: a few requests, a
// few at a time, on the pool's first connections. Sized from a guess instead (1 ms), a pool
// facing a slower target starts with too few connections, its first sends wait, and the run starts
// saturated: a stall in its first second that shows as the run's p99.
import { performance } from 'node:perf_hooks';
import type { PacedConnection } from './paced-connection.js';

export interface ProbeResult {
  /** Requests the probe sent (the target sees them; they are not in the run's figures). */
  requests: number;
  /** 90th percentile of their latency (ms); undefined when none was answered. */
  p90Ms?: number;
}

export class LatencyProbe {
  private readonly samples: number[] = [];
  private readonly sentAt = new Map<PacedConnection, number>();
  private readonly used = new Set<PacedConnection>();
  private requests = 0;
  private ended = false;
  private timer?: NodeJS.Timeout;
  private end!: () => void;
  private readonly ended$ = new Promise<void>((resolve) => (this.end = resolve));

  constructor(
    /** Answers to collect. */
    private readonly answers: number,
    /** Longest the probe may take. */
    private readonly maxMs: number,
  ) {}

  /** Probes on `conns` (one request in flight on each) until enough answers or the time is up. */
  async run(conns: PacedConnection[]): Promise<ProbeResult> {
    this.timer = setTimeout(() => this.finish(), this.maxMs);
    for (const c of conns) if (this.requests < this.answers) this.sendOn(c);
    if (this.requests === 0) this.finish();
    await this.ended$;
    // Requests still out when time ran out took at least this long.
    const now = performance.now();
    for (const t of this.sentAt.values()) this.samples.push(now - t);
    if (this.samples.length === 0) return { requests: this.requests };
    const sorted = this.samples.sort((a, b) => a - b);
    return { requests: this.requests, p90Ms: sorted[Math.floor(0.9 * (sorted.length - 1))] };
  }

  /** Whether `conn`'s request in flight is a probe's. */
  owns(conn: PacedConnection): boolean {
    return this.sentAt.has(conn);
  }

  /** Whether the probe sent anything on `conn` (then `finished` says when it is free). */
  usedOn(conn: PacedConnection): boolean {
    return this.used.has(conn);
  }

  /** A probe request finished (answered if `micros`); returns whether `conn` is free for the run. */
  finished(conn: PacedConnection, micros?: number): boolean {
    this.sentAt.delete(conn);
    if (this.ended) return true;
    if (micros !== undefined) this.samples.push(micros / 1000);
    if (this.samples.length + this.sentAt.size < this.answers && micros !== undefined) {
      this.sendOn(conn);
      return false;
    }
    if (this.sentAt.size === 0) this.finish();
    return true;
  }

  private sendOn(conn: PacedConnection): void {
    this.requests++;
    this.used.add(conn);
    this.sentAt.set(conn, performance.now());
    conn.send();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.end();
  }
}

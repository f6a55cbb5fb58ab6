// Sends requests on an exact schedule: the k-th request of the run is due when the plan's
// cumulative count reaches k (plan.ts), so at N users the sends are 1/N s apart, each user
// sending once per second at phase i/N (never all at once: at most four together, see
// quantumMs), and timer lateness never accumulates: the count sent always matches the plan.
//
// Two models:
// - users (closed, like Locust's constant_throughput(1)): request k goes to user k mod N. A user
//   still waiting for its previous answer sends as soon as it arrives, and skips sends it cannot
//   catch up (counted as `missed`); latencies get HdrHistogram's coordinated-omission correction.
// - rate (open): request k goes to any idle connection, opening more up to a cap; beyond that it
//   queues, and its latency counts from when it was due.
import { PacedConnection, type ConnectionEvents } from './paced-connection.js';
import { levelAt, planDurationMs, timeOfCount, type LoadPlan } from './plan.js';
import type { Recorder } from './recorder.js';
import type { RequestTarget } from './request-target.js';

export type PacedModel = 'users' | 'rate';

export interface PacerOptions {
  model: PacedModel;
  plan: LoadPlan;
  target: RequestTarget;
  recorder: Recorder;
  /** Rate model only: most connections to open (default: enough for 1 s of requests at the peak). */
  maxConnections: number;
  /** Milliseconds since the run started. */
  clock: () => number;
}

interface User {
  conn: PacedConnection;
  index: number;
  /** A send came due while the previous request was still out. */
  owed: boolean;
}

export class Pacer implements ConnectionEvents {
  private sent = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly users: User[] = [];
  private readonly userOf = new Map<PacedConnection, User>();
  private lastRetire = 0;
  private cursor = -1;
  private readonly idle: PacedConnection[] = [];
  private readonly all: PacedConnection[] = [];
  private queue: number[] = [];
  private queueHead = 0;
  /** Users model: sends skipped because that user was still waiting for an answer. */
  missed = 0;
  /** Resolves when the plan has nothing more to send. */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(private readonly o: PacerOptions) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  start(): void {
    this.loop();
  }

  /** Connections with a request on the wire. */
  inFlight(): number {
    const conns = this.o.model === 'users' ? this.users.map((u) => u.conn) : this.all;
    return conns.reduce((n, c) => n + (c.busy ? 1 : 0), 0);
  }

  openConnections(): number {
    return this.o.model === 'users' ? this.activeUsers(this.o.clock()) : this.all.length;
  }

  activeUsers(t: number): number {
    return Math.round(levelAt(this.o.plan, t));
  }

  /** Stops sending; waits up to graceMs for answers already on the wire, then closes everything. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.finish();
    const until = Date.now() + graceMs;
    while (this.inFlight() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    for (const u of this.users) u.conn.close();
    for (const c of this.all) c.close();
  }

  private loop = (): void => {
    if (this.stopped) return;
    const now = this.o.clock();
    let due = timeOfCount(this.o.plan, this.sent + 0.5);
    while (due <= now) {
      this.dispatch(due);
      this.sent++;
      due = timeOfCount(this.o.plan, this.sent + 0.5);
    }
    if (this.o.model === 'users' && now - this.lastRetire >= 100) this.retireUsers(now);
    if (due === Infinity) {
      // Nothing more to send; the run still lasts as long as the plan says.
      this.timer = setTimeout(() => this.finish(), Math.max(0, planDurationMs(this.o.plan) - now));
      return;
    }
    this.timer = setTimeout(this.loop, Math.max(this.quantumMs(now), Math.ceil(due - this.o.clock())));
  };

  /**
   * Shortest sleep between wakes: four sends' spacing, within 1-20 ms. Every wake costs CPU
   * (a bare 5-ms timer loop takes ~2.5 % of a core on our VMs), so at 200 users the sends go
   * out four at a time every 20 ms rather than one by one every 5 ms: that took the generator
   * from ~5 % to ~4 % of a core at 200 users (bench/load.bench.ts). Up to 4,000 requests/s that
   * is at most four at once; above, Node's 1-ms timer floor groups rate/1000 together.
   */
  private quantumMs(now: number): number {
    const rate = levelAt(this.o.plan, now);
    return rate > 0 ? Math.min(20, Math.max(1, Math.floor(4000 / rate))) : 20;
  }

  private dispatch(dueAt: number): void {
    if (this.o.model === 'users') this.dispatchToUser(dueAt);
    else this.dispatchOpen(dueAt);
  }

  private dispatchToUser(dueAt: number): void {
    const n = Math.max(1, Math.round(levelAt(this.o.plan, dueAt)));
    this.cursor = (this.cursor + 1) % n;
    while (this.users.length < n) {
      const u: User = { conn: new PacedConnection(this.o.target, this), index: this.users.length, owed: false };
      this.users.push(u);
      this.userOf.set(u.conn, u);
    }
    const u = this.users[this.cursor];
    if (!u.conn.busy) u.conn.send();
    else if (!u.owed) u.owed = true;
    else this.missed++;
  }

  private dispatchOpen(dueAt: number): void {
    let c = this.idle.pop();
    if (!c && this.all.length < this.o.maxConnections) {
      c = new PacedConnection(this.o.target, this);
      this.all.push(c);
    }
    if (c) c.send();
    else this.queue.push(dueAt);
  }

  /** Users beyond the current level (a ramp down) close their connection once idle. */
  private retireUsers(now: number): void {
    this.lastRetire = now;
    const n = this.activeUsers(now);
    for (let i = n; i < this.users.length; i++) {
      const u = this.users[i];
      if (!u.conn.busy) u.conn.close();
      u.owed = false;
    }
  }

  private next(conn: PacedConnection): void {
    if (this.stopped) return;
    if (this.o.model === 'users') {
      const u = this.userOf.get(conn);
      if (u?.owed && u.index < this.activeUsers(this.o.clock())) {
        u.owed = false;
        conn.send();
      }
      return;
    }
    if (this.queueHead < this.queue.length) {
      conn.send(Math.max(0, this.o.clock() - this.queue[this.queueHead++]));
      if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
    } else this.idle.push(conn);
  }

  onResponse(status: number, micros: number, conn: PacedConnection): void {
    if (this.o.model === 'users') {
      // One request per user per second: a slower answer hid sends that HdrHistogram adds back.
      this.o.recorder.response(status, micros, 1_000_000);
    } else {
      // Open model: time spent queued for a connection is part of the latency.
      this.o.recorder.response(status, micros + conn.queuedMs * 1000);
    }
    this.next(conn);
  }

  onError(code: string, conn: PacedConnection): void {
    this.o.recorder.error(code);
    this.next(conn);
  }

  onTimeout(conn: PacedConnection): void {
    this.o.recorder.timeout();
    this.next(conn);
  }
}

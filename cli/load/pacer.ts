// Sends requests on an exact schedule: the k-th request of the run is due when the plan's
// cumulative count reaches k (plan.ts), so at N users the sends are 1/N s apart, each user
// sending once per second at phase i/N, and each request goes out at its own due time: the loop
// sleeps until the next one is due (within 1 ms: Node's timers have millisecond resolution), never
// gathering sends into groups, which the service would see as small bursts and queue. Times come
// from one absolute clock, so timer lateness never accumulates: the count sent matches the plan.
//
// Two models:
// - users (closed, like Locust's constant_throughput(1)): request k goes to user k mod N. A user
//   still waiting for its previous answer sends as soon as it arrives, and skips sends it cannot
//   catch up (counted as `missed`); latencies get HdrHistogram's coordinated-omission correction.
// - rate (open): request k goes to an idle connection of a pool sized ahead of need (open-pool.ts);
//   with none idle it waits, and its latency counts from when it was due.
import { OpenPool } from './open-pool.js';
import { PacedConnection, type ConnectionEvents } from './paced-connection.js';
import { levelAt, peakLevel, planDurationMs, timeOfCount, type LoadPlan } from './plan.js';
import type { Recorder } from './recorder.js';
import { wireRequest, type RequestTarget, type WireRequest } from './request-target.js';

export type PacedModel = 'users' | 'rate';

export interface PacerOptions {
  model: PacedModel;
  plan: LoadPlan;
  target: RequestTarget;
  recorder: Recorder;
  /** Rate model only: most connections to open. */
  maxConnections: number;
  /** Milliseconds since the run started. */
  clock: () => number;
}

/**
 * A send may leave this much before its due time. The loop wakes on whole milliseconds, so a send
 * due less than a millisecond after a wake-up would otherwise wait for the next timer and leave
 * up to a millisecond late (most sends at 1,000-2,000 requests/s, counted as late); within a
 * millisecond either way is the resolution Node's timers give.
 */
const EARLY_MS = 1;
/** Housekeeping (pool sizing, users joining and leaving) runs this often, not on every send. */
const HOUSEKEEPING_MS = 50;
/** Longest wait for the first connections before the run starts anyway. */
const PREPARE_MAX_MS = 2000;
/** A user's connection opens this long before its first send. */
const USER_LEAD_MS = 250;
/** Most waiting requests: two seconds of the peak rate, within 1,000-200,000 (8 bytes each). */
const queueLimit = (peak: number) => Math.min(200_000, Math.max(1000, Math.ceil(peak * 2)));

interface User {
  conn: PacedConnection;
  index: number;
  /** A send came due while the previous request was still out. */
  owed: boolean;
}

export class Pacer implements ConnectionEvents {
  private sent = 0;
  private nextDue = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly users: User[] = [];
  private readonly userOf = new Map<PacedConnection, User>();
  private lastHousekeeping = -Infinity;
  private cursor = -1;
  private readonly pool?: OpenPool;
  private readonly request: WireRequest;
  /** Sends that left more than 1 ms from their due time (timer lateness, a busy event loop). */
  offSchedule = 0;
  /** Users model: sends skipped because that user was still waiting for an answer. */
  missed = 0;
  /** Resolves when the plan has nothing more to send. */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(private readonly o: PacerOptions) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    this.request = wireRequest(o.target);
    if (o.model === 'rate') {
      this.pool = new OpenPool({
        request: this.request,
        recorder: o.recorder,
        clock: o.clock,
        cap: o.maxConnections,
        queueLimit: queueLimit(peakLevel(o.plan)),
      });
    }
  }

  /** Opens the connections the first moments need, then starts sending (the run's clock starts after). */
  async prepare(): Promise<void> {
    const opened = this.pool ? this.pool.prepare(Math.max(levelAt(this.o.plan, 0), levelAt(this.o.plan, 1000))) : Promise.all(this.ensureUsers(USER_LEAD_MS));
    // A target that accepts nothing (a SYN never answered) must not hold the start for long.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([opened, new Promise((r) => (timer = setTimeout(r, PREPARE_MAX_MS)))]);
    clearTimeout(timer);
  }

  start(): void {
    this.nextDue = timeOfCount(this.o.plan, 0.5);
    this.loop();
  }

  /** Connections with a request on the wire. */
  inFlight(): number {
    if (this.pool) return this.pool.inFlight();
    let n = 0;
    for (const u of this.users) if (u.conn.busy) n++;
    return n;
  }

  /** Rate model: sends that waited for a connection, dropped ones, and how many wait now. */
  backlog(): { waited: number; dropped: number; waiting: number; connections: number } | undefined {
    const p = this.pool;
    return p && { waited: p.waited, dropped: p.dropped, waiting: p.waiting(), connections: p.open() };
  }

  /** Rate model: what the latency probe before the run saw. */
  latencyProbe(): { requests: number; p90Ms?: number } | undefined {
    const r = this.pool?.probeResult;
    return r && { requests: r.requests, p90Ms: r.p90Ms === undefined ? undefined : Math.round(r.p90Ms * 1000) / 1000 };
  }

  /** Requests sent so far (rate model: those waiting for a connection included). */
  sentCount(): number {
    return this.sent;
  }

  activeUsers(t: number): number {
    return Math.round(levelAt(this.o.plan, t));
  }

  /** Users mode: the users of the level at time t that hold an open connection (or are opening it). */
  openUsers(t: number): number {
    const n = Math.min(this.users.length, this.activeUsers(t));
    let open = 0;
    for (let i = 0; i < n; i++) if (this.users[i].conn.isOpen) open++;
    return open;
  }

  /** Stops sending; waits up to graceMs for answers already on the wire, then closes everything. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.finish();
    if (this.pool) this.pool.stopped = true;
    const until = Date.now() + graceMs;
    while (this.inFlight() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    for (const u of this.users) u.conn.close();
    this.pool?.close();
  }

  private loop = (): void => {
    if (this.stopped) return;
    const now = this.o.clock();
    let due = this.nextDue;
    while (due <= now + EARLY_MS) {
      if (now - due > 1) this.offSchedule++;
      this.dispatch(due);
      this.sent++;
      due = timeOfCount(this.o.plan, this.sent + 0.5);
    }
    this.nextDue = due;
    if (now - this.lastHousekeeping >= HOUSEKEEPING_MS) this.housekeeping(now);
    if (due === Infinity) {
      // Nothing more to send; the run still lasts as long as the plan says.
      this.timer = setTimeout(() => this.finish(), Math.max(0, planDurationMs(this.o.plan) - now));
      return;
    }
    // Sleep until the next send is due; a timer fires on whole milliseconds, never early.
    this.timer = setTimeout(this.loop, Math.max(0, Math.floor(due - this.o.clock())));
  };

  private housekeeping(now: number): void {
    this.lastHousekeeping = now;
    if (this.pool) {
      // Size for the rate a moment ahead (a ramp keeps rising).
      void this.pool.resize(levelAt(this.o.plan, now + 1000));
      return;
    }
    this.ensureUsers(now + USER_LEAD_MS);
    this.retireUsers(now);
  }

  private dispatch(dueAt: number): void {
    if (this.pool) this.pool.send(dueAt);
    else this.dispatchToUser(dueAt);
  }

  /** Users up to the level at time t get their connection, opened ahead of their first send. */
  private ensureUsers(t: number): Promise<void>[] {
    const n = Math.max(this.activeUsers(t), this.activeUsers(this.o.clock()));
    const opening: Promise<void>[] = [];
    while (this.users.length < n) {
      const u: User = { conn: new PacedConnection(this.request, this), index: this.users.length, owed: false };
      this.users.push(u);
      this.userOf.set(u.conn, u);
      opening.push(u.conn.connect());
    }
    return opening;
  }

  private dispatchToUser(dueAt: number): void {
    const n = Math.max(1, Math.round(levelAt(this.o.plan, dueAt)));
    this.cursor = (this.cursor + 1) % n;
    if (this.users.length < n) this.ensureUsers(dueAt);
    const u = this.users[this.cursor];
    if (!u.conn.busy) u.conn.send();
    else if (!u.owed) u.owed = true;
    else this.missed++;
  }

  /** Users beyond the current level (a ramp down) close their connection once idle. */
  private retireUsers(now: number): void {
    const n = this.activeUsers(now);
    for (let i = n; i < this.users.length; i++) {
      const u = this.users[i];
      if (!u.conn.busy) u.conn.close();
      u.owed = false;
    }
  }

  private next(conn: PacedConnection): void {
    if (this.stopped) return;
    const u = this.userOf.get(conn);
    if (u?.owed && u.index < this.activeUsers(this.o.clock())) {
      u.owed = false;
      conn.send();
    }
  }

  // Users model events (the rate model's go to its pool).
  onResponse(status: number, micros: number, conn: PacedConnection): void {
    // One request per user per second: a slower answer hid sends that HdrHistogram adds back.
    this.o.recorder.response(status, micros, 1_000_000);
    this.next(conn);
  }

  onError(code: string, conn: PacedConnection): void {
    this.o.recorder.error(code);
    this.next(conn);
  }

  onTimeout(conn: PacedConnection): void {
    this.o.recorder.timeout(this.o.target.timeoutMs * 1000);
    this.next(conn);
  }
}

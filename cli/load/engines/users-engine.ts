// Users mode (closed, like Locust's constant_throughput(1)): the paced loop's request k goes to
// user k mod N, each user on its own keep-alive connection opened ahead of its first send. A user
// still waiting for its previous answer sends as soon as it arrives, and skips sends it cannot
// catch up (counted as `missed`); latencies get HdrHistogram's coordinated-omission correction.
import { PacedConnection, type ConnectionEvents } from '../paced-connection.js';
import { levelAt, peakLevel } from '../plan.js';
import { wireRequest, type WireRequest } from '../request-target.js';
import type { Engine, EngineOptions, UsersSnapshot } from './engine.js';
import { boundedPrepare, PacedLoop, type PacedSends } from './paced-loop.js';

/** A user's connection opens this long before its first send. */
const USER_LEAD_MS = 250;

interface User {
  conn: PacedConnection;
  index: number;
  /** A send came due while the previous request was still out. */
  owed: boolean;
}

export class UsersEngine implements Engine, PacedSends, ConnectionEvents {
  readonly peakLevel: number;
  readonly finished: Promise<void>;
  private readonly loop: PacedLoop;
  private readonly request: WireRequest;
  private readonly users: User[] = [];
  private readonly userOf = new Map<PacedConnection, User>();
  private cursor = -1;
  private missed = 0;

  constructor(private readonly o: EngineOptions) {
    this.request = wireRequest(o.target);
    this.loop = new PacedLoop(o.plan, o.clock, this);
    this.finished = this.loop.finished;
    this.peakLevel = peakLevel(o.plan);
  }

  prepare(): Promise<void> {
    return boundedPrepare(Promise.all(this.ensureUsers(USER_LEAD_MS)));
  }

  start(): void {
    this.loop.start();
  }

  level(t: number): number {
    return levelAt(this.o.plan, t);
  }

  snapshot(t: number): UsersSnapshot {
    const planned = this.activeUsers(t);
    const inFlightAgesMs: number[] = [];
    const now = performance.now();
    let active = 0;
    for (const [i, u] of this.users.entries()) {
      if (u.conn.busy) inFlightAgesMs.push(u.conn.outForMs(now));
      if (i < planned && u.conn.isOpen) active++;
    }
    const { sent, offSchedule } = this.loop;
    const inFlight = inFlightAgesMs.length;
    return { mode: 'users', inFlight, inFlightAgesMs, sent, offSchedule, missed: this.missed, usersPlanned: planned, usersActive: active };
  }

  async stop(graceMs: number): Promise<void> {
    this.loop.stop();
    const until = Date.now() + graceMs;
    while (this.users.some((u) => u.conn.busy) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    for (const u of this.users) u.conn.close();
  }

  dispatch(dueAt: number): void {
    const n = Math.max(1, Math.round(levelAt(this.o.plan, dueAt)));
    this.cursor = (this.cursor + 1) % n;
    if (this.users.length < n) this.ensureUsers(dueAt);
    const u = this.users[this.cursor];
    if (!u.conn.busy) u.conn.send();
    else if (!u.owed) u.owed = true;
    else this.missed++;
  }

  housekeeping(now: number): void {
    this.ensureUsers(now + USER_LEAD_MS);
    this.retireUsers(now);
  }

  private activeUsers(t: number): number {
    return Math.round(levelAt(this.o.plan, t));
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
    if (this.loop.isStopped) return;
    const u = this.userOf.get(conn);
    if (u?.owed && u.index < this.activeUsers(this.o.clock())) {
      u.owed = false;
      conn.send();
    }
  }

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

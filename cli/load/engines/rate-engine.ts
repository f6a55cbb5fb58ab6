// Rate mode (open): the paced loop's request k goes to an idle connection of a pool sized ahead of
// need (open-pool.ts); with none idle it waits, and its latency counts from when it was due.
import { OpenPool } from '../open-pool.js';
import { levelAt, peakLevel } from '../plan.js';
import { wireRequest } from '../request-target.js';
import type { Engine, EngineOptions, RateSnapshot } from './engine.js';
import { boundedPrepare, PacedLoop, type PacedSends } from './paced-loop.js';

/** Most waiting requests: two seconds of the peak rate, within 1,000-200,000 (8 bytes each). */
const queueLimit = (peak: number) => Math.min(200_000, Math.max(1000, Math.ceil(peak * 2)));

export class RateEngine implements Engine, PacedSends {
  readonly peakLevel: number;
  readonly finished: Promise<void>;
  private readonly loop: PacedLoop;
  private readonly pool: OpenPool;

  /** `maxConnections`: most connections to open (the caller caps it under the open-file limit). */
  constructor(
    private readonly o: EngineOptions,
    maxConnections: number,
  ) {
    this.peakLevel = peakLevel(o.plan);
    this.pool = new OpenPool({
      request: wireRequest(o.target),
      recorder: o.recorder,
      clock: o.clock,
      cap: maxConnections,
      queueLimit: queueLimit(this.peakLevel),
    });
    this.loop = new PacedLoop(o.plan, o.clock, this);
    this.finished = this.loop.finished;
  }

  /** Probes the target's latency and opens the connections the first second needs. */
  prepare(): Promise<void> {
    return boundedPrepare(this.pool.prepare(Math.max(levelAt(this.o.plan, 0), levelAt(this.o.plan, 1000))));
  }

  start(): void {
    this.loop.start();
  }

  level(t: number): number {
    return levelAt(this.o.plan, t);
  }

  snapshot(): RateSnapshot {
    const p = this.pool;
    const r = p.probeResult;
    return {
      mode: 'rate',
      inFlight: p.inFlight(),
      sent: this.loop.sent,
      offSchedule: this.loop.offSchedule,
      waited: p.waited,
      dropped: p.dropped,
      waiting: p.waiting(),
      connections: p.open(),
      latencyProbe: r && { requests: r.requests, p90Ms: r.p90Ms === undefined ? undefined : Math.round(r.p90Ms * 1000) / 1000 },
    };
  }

  async stop(graceMs: number): Promise<void> {
    this.loop.stop();
    this.pool.stopped = true;
    const until = Date.now() + graceMs;
    while (this.pool.inFlight() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    this.pool.close();
  }

  dispatch(dueAt: number): void {
    this.pool.send(dueAt);
  }

  housekeeping(now: number): void {
    // Size for the rate a moment ahead (a ramp keeps rising).
    void this.pool.resize(levelAt(this.o.plan, now + 1000));
  }
}

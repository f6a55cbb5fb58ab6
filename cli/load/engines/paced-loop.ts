// The timing loop both paced engines share (users, rate): the k-th request of the run is due when
// the plan's cumulative count reaches k (plan.ts's timeOfCount, a pure function of the plan), so
// at N users the sends are 1/N s apart, and each request goes out at its own due time: the loop
// sleeps until the next one is due (within 1 ms: Node's timers have millisecond resolution), never
// gathering sends into groups, which the service would see as small bursts and queue. Times come
// from one absolute clock, so timer lateness never accumulates: the count sent matches the plan.
// What a send does (which user, which connection) is the engine's; this loop only says when.
import { planDurationMs, timeOfCount, type LoadPlan } from '../plan.js';

/** What an engine does with the loop's sends. */
export interface PacedSends {
  /** Sends the request due at `dueAt` (ms on the run's clock) now. */
  dispatch(dueAt: number): void;
  /** Every HOUSEKEEPING_MS: pool sizing, users joining and leaving. */
  housekeeping(now: number): void;
}

/**
 * A send may leave this much before its due time. The loop wakes on whole milliseconds, so a send
 * due less than a millisecond after a wake-up would otherwise wait for the next timer and leave
 * up to a millisecond late (most sends at 1,000-2,000 requests/s, counted as late); within a
 * millisecond either way is the resolution Node's timers give.
 */
const EARLY_MS = 1;
/** Housekeeping runs this often, not on every send. */
const HOUSEKEEPING_MS = 50;

export class PacedLoop {
  /** Requests sent so far (rate model: those waiting for a connection included). */
  sent = 0;
  /** Sends that left more than 1 ms from their due time (timer lateness, a busy event loop). */
  offSchedule = 0;
  /** Resolves when the plan has nothing more to send and its time is up (or on stop). */
  readonly finished: Promise<void>;
  private finish!: () => void;
  private nextDue = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private lastHousekeeping = -Infinity;

  constructor(
    private readonly plan: LoadPlan,
    private readonly clock: () => number,
    private readonly sends: PacedSends,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.nextDue = timeOfCount(this.plan, 0.5);
    this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.finish();
  }

  private loop = (): void => {
    if (this.stopped) return;
    const now = this.clock();
    let due = this.nextDue;
    while (due <= now + EARLY_MS) {
      if (now - due > 1) this.offSchedule++;
      this.sends.dispatch(due);
      this.sent++;
      due = timeOfCount(this.plan, this.sent + 0.5);
    }
    this.nextDue = due;
    if (now - this.lastHousekeeping >= HOUSEKEEPING_MS) {
      this.lastHousekeeping = now;
      this.sends.housekeeping(now);
    }
    if (due === Infinity) {
      // Nothing more to send; the run still lasts as long as the plan says.
      this.timer = setTimeout(() => this.finish(), Math.max(0, planDurationMs(this.plan) - now));
      return;
    }
    // Sleep until the next send is due; a timer fires on whole milliseconds, never early.
    this.timer = setTimeout(this.loop, Math.max(0, Math.floor(due - this.clock())));
  };
}

/** Longest wait for the first connections before the run starts anyway. */
const PREPARE_MAX_MS = 2000;

/** Waits for `opened`, at most PREPARE_MAX_MS: a target that accepts nothing (a SYN never answered) must not hold the start for long. */
export async function boundedPrepare(opened: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([opened, new Promise((r) => (timer = setTimeout(r, PREPARE_MAX_MS)))]);
  clearTimeout(timer);
}

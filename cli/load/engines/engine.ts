// The contract every load mode keeps (users, rate, max): the run (run-load.ts) prepares, starts
// and stops an engine and reads its counters as one typed snapshot; it never asks which engine
// it has. A run whose figures come from several engines (several workers) adds their snapshots.
import type { LoadPlan } from '../plan.js';
import type { Recorder } from '../recorder.js';
import type { RequestTarget } from '../request-target.js';
import type { LoadMode } from '../summary.js';

/** Users mode's counters, cumulative since the start except where said. */
export interface UsersSnapshot {
  mode: 'users';
  /** Requests on the wire now. */
  inFlight: number;
  /** How long each of them has been out (ms): the live line tells late ones from ordinary ones. */
  inFlightAgesMs: number[];
  sent: number;
  /** Sends that left more than 1 ms from their due time. */
  offSchedule: number;
  /** Sends skipped because that user was still waiting for an answer. */
  missed: number;
  /** Users the plan asks for now, and those of them holding an open connection. */
  usersPlanned: number;
  usersActive: number;
}

/** Rate mode's counters, cumulative since the start except where said. */
export interface RateSnapshot {
  mode: 'rate';
  inFlight: number;
  /** Sends made (those that waited for a connection included). */
  sent: number;
  offSchedule: number;
  /** Sends that found every connection busy and waited. */
  waited: number;
  /** Sends dropped because the waiting queue was full. */
  dropped: number;
  /** Now: sends waiting for a connection, and connections open. */
  waiting: number;
  connections: number;
  /** What the latency probe before the run saw. */
  latencyProbe?: { requests: number; p90Ms?: number };
}

/** Max mode's counters: autocannon keeps every connection busy. */
export interface MaxSnapshot {
  mode: 'max';
  inFlight: number;
}

export type EngineSnapshot = UsersSnapshot | RateSnapshot | MaxSnapshot;

export interface EngineOptions {
  mode: LoadMode;
  plan: LoadPlan;
  target: RequestTarget;
  /** Every result goes here. */
  recorder: Recorder;
  /** Milliseconds since the run's clock started. */
  clock: () => number;
  /** Rate mode: most connections to open; max mode: connections to use. */
  connections?: number;
}

export interface Engine {
  /**
   * Opens what the first moments need (connections, the rate mode's latency probe), bounded in
   * time; the run's clock starts after it, so the first second is as paced as the rest.
   */
  prepare(): Promise<void>;
  /** Starts sending on the run's clock. */
  start(): void;
  /** Resolves when the plan has nothing more to send (and its time is up). */
  readonly finished: Promise<void>;
  /**
   * Stops sending; waits up to graceMs for answers already on the wire, then closes everything.
   * Resolves also when called before `start` or `prepare` (the run failed before it began).
   */
  stop(graceMs: number): Promise<void>;
  /** The level at t ms: users, requests/s asked for, or connections. */
  level(t: number): number;
  /** The highest level of the run. */
  readonly peakLevel: number;
  /** Its counters at t ms (the run's clock). */
  snapshot(t: number): EngineSnapshot;
}

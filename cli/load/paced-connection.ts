// One keep-alive connection that sends a request only when told to: autocannon's own HTTP
// client (raw socket, prebuilt request, fast parser), with its per-connection rate limiter
// driven by our scheduler instead of its setInterval.
//
// Why not autocannon's connectionRate/overallRate: each client's budget refills from its own
// setInterval, created when the client is, so (a) all connections of one run() fire in the same
// instant every second (a burst, see FACTS.md) and (b) intervals reschedule from when they ran,
// so lateness accumulates and the rate drifts down under load. Here a scheduler computes every
// send time from one absolute clock and calls send().
//
// The autocannon 9 internals used (lib/httpClient.js): `rate` gives a budget of one request per
// refill (`reqsMadeThisSecond`, `paused`, `_doRequest()`), `rateInterval` is the refill timer we
// replace. test/load checks request counts server-side, so a change there shows up at once.
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { autocannonClientOptions, type RequestTarget } from './request-target.js';

const require = createRequire(import.meta.url);

interface AutocannonClient extends EventEmitter {
  reqsMadeThisSecond: number;
  conn: EventEmitter;
  paused: boolean;
  rateInterval?: NodeJS.Timeout;
  destroyed: boolean;
  _doRequest(): void;
  destroy(): void;
}
const Client = require('autocannon/lib/httpClient.js') as new (opts: Record<string, unknown>) => AutocannonClient;

export interface ConnectionEvents {
  /** A response; `micros` from the moment the request was written. */
  onResponse(status: number, micros: number, conn: PacedConnection): void;
  onError(code: string, conn: PacedConnection): void;
  onTimeout(conn: PacedConnection): void;
}

export class PacedConnection {
  private client?: AutocannonClient;
  /** A request is on the wire and its answer has not come back. */
  busy = false;
  /** How long the in-flight request waited for this connection after it was due (ms). */
  queuedMs = 0;

  constructor(
    private readonly target: RequestTarget,
    private readonly events: ConnectionEvents,
  ) {}

  /**
   * Opens the connection without sending anything, so the first send finds it ready (a
   * connection opened at its first send makes that request, and everything behind it, wait).
   * Resolves once connected (or failed: the next send reconnects).
   */
  connect(): Promise<void> {
    if (!this.client || this.client.destroyed) this.client = this.open(false);
    const c = this.client;
    return new Promise((resolve) => {
      c.conn.once('connect', () => resolve());
      c.conn.once('error', () => resolve());
    });
  }

  /** A connection is held, or being opened (a refused one is dropped until the next send). */
  get isOpen(): boolean {
    return this.client !== undefined && !this.client.destroyed;
  }

  send(queuedMs = 0): void {
    this.busy = true;
    this.queuedMs = queuedMs;
    if (!this.client || this.client.destroyed) {
      // Constructing the client connects and writes its first request at once.
      this.client = this.open(true);
      return;
    }
    const c = this.client;
    c.reqsMadeThisSecond = 0;
    c.paused = false;
    c._doRequest();
  }

  close(): void {
    this.client?.destroy();
    this.client = undefined;
    this.busy = false;
  }

  private open(sendNow: boolean): AutocannonClient {
    const options = autocannonClientOptions(this.target, 1);
    // setupClient runs before the client connects: a spent budget makes it connect and wait.
    if (!sendNow) options.setupClient = (client: AutocannonClient) => (client.reqsMadeThisSecond = 1);
    const c = new Client(options);
    clearInterval(c.rateInterval);
    c.on('response', (status: number, _bytes: number, ms: number) => {
      this.busy = false;
      this.events.onResponse(status, ms * 1000, this);
    });
    c.on('connError', (err: NodeJS.ErrnoException) => {
      // autocannon reconnects at once and forever; a dead target would spin. Drop the client
      // instead: the next send() opens a fresh one, so reconnects follow the schedule.
      c.destroy();
      const wasBusy = this.busy;
      this.busy = false;
      if (wasBusy) this.events.onError(err.code ?? err.message, this);
    });
    c.on('timeout', () => {
      // autocannon's timer also fires on an idle connection (it is armed per request, never
      // disarmed by the response): only a request still waiting counts as a timeout.
      if (!this.busy) return;
      this.busy = false;
      this.events.onTimeout(this);
    });
    return c;
  }
}

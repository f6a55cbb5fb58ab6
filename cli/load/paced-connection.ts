// One keep-alive connection that sends a request only when told to: the prebuilt request written
// on a raw socket, the answer framed by response-parser.ts in a read buffer shared by every
// connection (net's `onread`: no chunk allocated per read, no stream machinery), one timer per
// connection refreshed per request for the timeout.
//
// Why not autocannon's client, which the paced modes used before: for every answer it built
// header strings and body slices (http-parser-js), emitted four events and rescheduled a timer,
// and its rate limiter refilled from a setInterval per connection (all connections firing in the
// same instant). At 200 users that was most of the generator's own CPU, and its garbage came back
// as collector pauses inside the latencies measured. `--max` still runs autocannon's run() as is.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { WireRequest } from './request-target.js';
import { ResponseParser } from './response-parser.js';

export interface ConnectionEvents {
  /** A response; `micros` from the moment the request was written. */
  onResponse(status: number, micros: number, conn: PacedConnection): void;
  onError(code: string, conn: PacedConnection): void;
  onTimeout(conn: PacedConnection): void;
}

/** Read into one buffer for all connections: each chunk is parsed before the next read. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class PacedConnection {
  /** A request is on the wire and its answer has not come back. */
  busy = false;
  /** How long the in-flight request waited for this connection after it was due (ms). */
  queuedMs = 0;
  private socket?: net.Socket;
  private connected: Promise<void> = Promise.resolve();
  private sentAt = 0;
  private timer?: NodeJS.Timeout;
  /** Answers on the current socket: one that never answered is not reopened at once (no reconnect spin). */
  private answered = 0;

  constructor(
    private readonly request: WireRequest,
    private readonly events: ConnectionEvents,
  ) {}

  /**
   * Opens the connection without sending anything, so the first send finds it ready (a
   * connection opened at its first send makes that request, and everything behind it, wait).
   * Resolves once connected (or failed: the next send reconnects).
   */
  connect(): Promise<void> {
    if (!this.socket) this.open();
    return this.connected;
  }

  /** How long the request on the wire has been out (ms at `now`, performance.now()); 0 when none is. */
  outForMs(now: number): number {
    return this.busy ? now - this.sentAt : 0;
  }

  /** A connection is held, or being opened (a refused one is dropped until the next send). */
  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  send(queuedMs = 0): void {
    this.busy = true;
    this.queuedMs = queuedMs;
    // A socket still connecting holds the bytes until it is connected.
    if (!this.socket) this.open();
    this.sentAt = performance.now();
    this.socket!.write(this.request.bytes);
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(this.expire, this.request.timeoutMs);
      this.timer.unref();
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.drop();
    this.busy = false;
  }

  private open(): void {
    const { host, port, secure } = this.request;
    // One framer per socket: a replaced socket's last bytes cannot reach the next one's.
    const parser = new ResponseParser((status) => {
      if (s === this.socket) this.answer(status, parser);
    }, this.request.head);
    const s: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false })
      : net.connect({
          host,
          port,
          noDelay: true,
          onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array): boolean => this.read(s, parser, buf, n) },
        });
    if (secure) s.on('data', (chunk: Buffer) => this.read(s, parser, chunk, chunk.length));
    if (secure) s.setNoDelay(true);
    this.socket = s;
    this.answered = 0;
    this.connected = new Promise((resolve) => {
      s.once(secure ? 'secureConnect' : 'connect', () => resolve());
      s.once('close', () => resolve());
    });
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (s !== this.socket) return;
      // Refused, reset...: the next send opens a fresh socket, so reconnects follow the schedule
      // (reconnecting at once, as autocannon does, spins against a dead target).
      this.drop();
      this.fail(err.code ?? err.message);
    });
    s.on('end', () => {
      if (s !== this.socket) return;
      // A body that runs until the close completes here (its answer may already have replaced
      // the socket); a request still unanswered never will be.
      const cut = parser.endOfInput();
      if (s !== this.socket) return;
      const warm = this.answered > 0;
      this.drop();
      if (cut || this.busy) this.fail('ECONNRESET');
      // The server closed an idle keep-alive connection: open the next one before it is needed.
      else if (warm) this.open();
    });
  }

  private read(s: net.Socket, parser: ResponseParser, buf: Uint8Array, n: number): boolean {
    if (s !== this.socket) return false;
    if (!parser.execute(buf, n) && s === this.socket) {
      this.drop();
      this.fail('HPE_INVALID_RESPONSE');
    }
    return true;
  }

  private answer(status: number, parser: ResponseParser): void {
    // Anything unasked for (a 408 before an idle close) is not an answer to a request.
    if (!this.busy) return;
    this.busy = false;
    const micros = (performance.now() - this.sentAt) * 1000;
    this.answered++;
    if (parser.closing) {
      // The server closes after this answer: open the next socket now.
      this.drop();
      this.open();
    }
    this.events.onResponse(status, micros, this);
  }

  private readonly expire = (): void => {
    if (!this.busy) return;
    const waited = performance.now() - this.sentAt;
    if (waited < this.request.timeoutMs - 1) {
      this.timer = setTimeout(this.expire, this.request.timeoutMs - waited);
      this.timer.unref();
      return;
    }
    // A late answer must not be taken for the next request's: this socket is done.
    this.drop();
    this.busy = false;
    this.open();
    this.events.onTimeout(this);
  };

  private fail(code: string): void {
    if (!this.busy) return;
    this.busy = false;
    this.events.onError(code, this);
  }

  private drop(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

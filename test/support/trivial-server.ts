// A trivial local HTTP server for the load engine's own tests and benches: answers every
// request at once (GET /students/ with [], /healthz like the gradebook), so the generator, not
// the target, is what gets measured. Counts what it served, and can note when each request
// arrived (to see how a generator spaces its sends). Listens on 127.0.0.1 only.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TrivialServer {
  url: string;
  /** Requests answered so far. */
  served(): number;
  /** Connections accepted so far. */
  connections(): number;
  /** With `recordArrivals`: when each request arrived (performance.now(), ms), in order. */
  arrivals(): number[];
  close(): Promise<void>;
}

export interface TrivialServerOptions {
  delayMs?: number;
  recordArrivals?: boolean;
  /**
   * Stall once: requests arriving from `atMs` to `atMs + forMs` after the first request are
   * answered only when the stall ends (a garbage collection or a checkpoint, seen from outside).
   */
  stall?: { atMs: number; forMs: number };
  /** Answer the first `count` requests (whatever their path) `ms` late: a cold start, by count, not by clock. */
  delayFirst?: { count: number; ms: number };
  /** Serve HTTPS with this key and certificate (PEM), e.g. selfSignedCertificate()'s. */
  tls?: { key: string; cert: string };
}

export async function startTrivialServer(opts: TrivialServerOptions = {}): Promise<TrivialServer> {
  let served = 0;
  let connections = 0;
  const arrivals: number[] = [];
  let firstAt: number | undefined;
  let arrived = 0;
  const handler: http.RequestListener = (req, res) => {
    if (opts.recordArrivals) arrivals.push(performance.now());
    const answer = () => {
      served++;
      const body = req.url === '/healthz' ? '{"status":"ok"}' : '[]';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    };
    const now = performance.now();
    firstAt ??= now;
    arrived++;
    if (opts.delayFirst && arrived <= opts.delayFirst.count) {
      setTimeout(answer, opts.delayFirst.ms);
      return;
    }
    const stallEnd = opts.stall && firstAt + opts.stall.atMs + opts.stall.forMs;
    if (opts.stall && stallEnd !== undefined && now >= firstAt + opts.stall.atMs && now < stallEnd) setTimeout(answer, stallEnd - now);
    else if (opts.delayMs) setTimeout(answer, opts.delayMs);
    else answer();
  };
  const server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    served: () => served,
    connections: () => connections,
    arrivals: () => arrivals,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

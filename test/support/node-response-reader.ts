// What Node's own HTTP client makes of raw response bytes, for differential tests of our framer:
// a 127.0.0.1 server answers each request with the next of the given responses, byte for byte, in
// the given pieces, and a keep-alive client on one socket asks for them in turn. Node's parser is
// reached only through its public client; its internal bindings differ between Node versions.
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';

export interface NodeReading {
  /** 1xx answers Node reported before the final one. */
  informational: number[];
  status: number;
  body: Buffer;
}

export interface NodeResponseReader {
  /**
   * Sends one request per response on a fresh keep-alive connection; each is answered with that
   * response's pieces, and the server closes after the last. Rejects when Node errs, or still waits
   * for a response after all its bytes.
   */
  read(responses: Buffer[][], method: 'GET' | 'HEAD'): Promise<{ readings: NodeReading[]; connections: number }>;
  close(): Promise<void>;
}

interface Job {
  responses: Buffer[][];
  next: number;
  connections: number;
}

export async function startNodeResponseReader(waitMs = 2000): Promise<NodeResponseReader> {
  let job: Job | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const current = job!;
    current.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setNoDelay(true);
    let pending = '';
    let writing = Promise.resolve();
    socket.on('data', (d: Buffer) => {
      // Requests have no body: each blank line ends one.
      pending += d.toString('latin1');
      for (let at = pending.indexOf('\r\n\r\n'); at >= 0; at = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(at + 4);
        const pieces = current.responses[current.next++];
        const last = current.next >= current.responses.length;
        writing = writing.then(async () => {
          // A turn of the event loop between pieces, so the client mostly reads them apart.
          for (const piece of pieces ?? []) {
            if (socket.destroyed) return;
            socket.write(piece);
            await tick();
          }
          if (last) socket.end();
        });
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;

  function request(agent: http.Agent, method: string, n: number): Promise<NodeReading> {
    return new Promise((resolve, reject) => {
      const informational: number[] = [];
      const fail = (why: string) => {
        clearTimeout(timer);
        req.destroy();
        reject(new Error(`Node, response ${n}: ${why}`));
      };
      const timer = setTimeout(() => fail(`still waiting for its end ${waitMs} ms after all its bytes were sent`), waitMs);
      const req = http.request({ host: '127.0.0.1', port, method, path: '/', agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(e.message));
        res.on('aborted', () => fail('aborted'));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ informational, status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
      });
      req.on('information', (info) => informational.push(info.statusCode));
      req.on('error', (e) => fail(e.message));
      req.end();
    });
  }

  return {
    async read(responses, method) {
      job = { responses, next: 0, connections: 0 };
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const readings: NodeReading[] = [];
        for (let n = 0; n < responses.length; n++) readings.push(await request(agent, method, n));
        return { readings, connections: job.connections };
      } finally {
        agent.destroy();
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

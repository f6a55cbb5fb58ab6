// What the engine's connection does with servers that do not answer the usual way: each case is a
// raw local server scripted to do one thing, and the run's summary says what a user would read.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { rampThenHold } from '../../cli/load/plan.js';
import { startLoad } from '../../cli/load/run-load.js';

const servers: net.Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A server that calls `onRequest` with the socket for every request head it reads. */
async function rawServer(onRequest: (socket: net.Socket) => void): Promise<string> {
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d;
      while (buffered.includes('\r\n\r\n')) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        onRequest(socket);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const run = (origin: string, mode: 'users' | 'rate' = 'users') =>
  startLoad({ mode, plan: rampThenHold(10, 0, 1000), target: { origin, path: '/students/', method: 'GET', timeoutMs: 2000 } }).done;

test('a server that closes after every answer (Connection: close): every request answered, none failed', async () => {
  const origin = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n[]'));
  const s = await run(origin);
  assert.equal(s.requests, 10);
  assert.equal(s.statusClasses['2xx'], 10);
  assert.equal(s.failed, 0);
});

test('an answer whose body runs until the close counts when the server closes', async () => {
  const origin = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[1,2,3]'));
  const s = await run(origin);
  assert.equal(s.statusClasses['2xx'], 10);
  assert.equal(s.failed, 0);
});

test('a server that closes without answering: a connection error at once, not a timeout', async () => {
  const origin = await rawServer((s) => s.end());
  const s = await run(origin);
  assert.equal(s.requests, 10);
  assert.deepEqual(s.errorCodes, { ECONNRESET: 10 });
  assert.equal(s.timeouts, 0);
});

test('bytes that are not HTTP count as an invalid response', async () => {
  const origin = await rawServer((s) => s.write('SSH-2.0-OpenSSH_9.6\r\n'));
  const s = await run(origin, 'rate');
  assert.equal(s.requests, 10);
  assert.deepEqual(s.errorCodes, { HPE_INVALID_RESPONSE: 10 });
});

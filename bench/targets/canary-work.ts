// The canary's fixed work, run in a child pinned to one core (bench/support/canary.ts): prints
// {"computeMs", "loopbackUs"} as JSON. Each figure is the best of a few rounds: noise only ever
// adds time, so the minimum is the closest reading of the machine's own speed.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const ROUNDS = 5;
const ROUND_TRIPS = 2000;

/** Integer arithmetic that V8 cannot fold away (~20 ms on this machine's cores). */
function compute(): number {
  let x = 1;
  for (let i = 0; i < 20_000_000; i++) x = (Math.imul(x, 1_103_515_245) + 12_345) | 0;
  return x;
}

/** One byte there and back over TCP on 127.0.0.1, ROUND_TRIPS times: µs per round trip. */
async function loopback(): Promise<number> {
  const server = net.createServer((s) => s.on('data', (d) => s.write(d)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((r) => client.once('connect', r));
  const started = performance.now();
  await new Promise<void>((done) => {
    let left = ROUND_TRIPS;
    client.on('data', () => {
      if (--left === 0) done();
      else client.write('x');
    });
    client.write('x');
  });
  const us = ((performance.now() - started) * 1000) / ROUND_TRIPS;
  client.destroy();
  server.close();
  return us;
}

let computeMs = Infinity;
let loopbackUs = Infinity;
let sink = 0;
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  sink += compute();
  computeMs = Math.min(computeMs, performance.now() - t);
  loopbackUs = Math.min(loopbackUs, await loopback());
}
if (sink === -1) console.error(sink);
console.log(JSON.stringify({ computeMs, loopbackUs }));

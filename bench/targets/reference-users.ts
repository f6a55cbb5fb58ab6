// The reference generator for pacing: N users, user i sending GET once a second at phase i/N,
// every request on its own timer at its own due time, each user on its own keep-alive socket
// (Node's http client). Tiny and obviously correct, not cheap: it is the yardstick the service's
// p99 under `o11y load --users N` is compared with. Runs as its own process:
// `node --import tsx bench/targets/reference-users.ts <url> <users> <seconds>`; prints one JSON line.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const [url, usersArg, secondsArg] = process.argv.slice(2);
const users = Number(usersArg);
const seconds = Number(secondsArg);
const agents = Array.from({ length: users }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
const latenciesMs: number[] = [];
let errors = 0;
let late = 0;
const t0 = performance.now() + 200;

function send(user: number, dueAt: number): void {
  const start = performance.now();
  if (start - dueAt > 1) late++;
  http
    .get(url, { agent: agents[user] }, (res) => {
      res.resume();
      res.on('end', () => latenciesMs.push(performance.now() - start));
    })
    .on('error', () => errors++);
}

// Request k is due at k/N s: user k mod N, each on its own timer.
const total = users * seconds;
for (let k = 0; k < total; k++) {
  const dueAt = t0 + (k * 1000) / users;
  setTimeout(() => send(k % users, dueAt), dueAt - performance.now());
}
setTimeout(
  () => {
    latenciesMs.sort((a, b) => a - b);
    const p = (q: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))] ?? 0;
    process.stdout.write(JSON.stringify({ requests: latenciesMs.length, errors, late, p50Ms: p(0.5), p99Ms: p(0.99) }) + '\n');
    for (const a of agents) a.destroy();
  },
  seconds * 1000 + 1500,
);

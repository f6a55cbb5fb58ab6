// The floor for a generator's CPU at N users: N raw keep-alive sockets, one timer wake-up per
// due time (request k due at k/N s, user k mod N), answers read and dropped unparsed. Nothing a
// generator could leave out, so what it costs is the machine's price of two wake-ups (the send,
// the answer), a write and a read per request; `o11y load --users N` is judged against it.
// `node --import tsx bench/targets/raw-socket-users.ts <url> <users> <seconds>`; prints one JSON line.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const [url, usersArg, secondsArg] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const users = Number(usersArg);
const seconds = Number(secondsArg);
const request = Buffer.from(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
let reads = 0;
const sockets = Array.from({ length: users }, () => net.connect({ host: hostname, port: Number(port), noDelay: true }).on('data', () => reads++));
await new Promise((r) => setTimeout(r, 200));

const t0 = performance.now();
const total = users * seconds;
let k = 0;
function loop(): void {
  const now = performance.now() - t0;
  while (k < total && (k * 1000) / users <= now + 1) sockets[k++ % users].write(request);
  if (k < total) setTimeout(loop, Math.max(0, Math.floor((k * 1000) / users - (performance.now() - t0))));
  else
    setTimeout(() => {
      process.stdout.write(`${JSON.stringify({ requests: total, reads })}\n`);
      for (const s of sockets) s.destroy();
    }, 1000);
}
loop();

// A free 127.0.0.1 port, so a test's process never collides with a user's (or another test's).
import net from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free port that is none of `taken`: each freePort() closes its port again, so the kernel may
 * hand the same one out twice (seen in CI: the fake Telegram given a port the lab had just taken).
 */
export async function freePortBesides(taken: Iterable<number>): Promise<number> {
  const used = new Set(taken);
  let port = await freePort();
  while (used.has(port)) port = await freePort();
  return port;
}

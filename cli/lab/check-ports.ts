// Host ports must be free before containers claim them: a clear message beats Docker's
// "driver failed programming external connectivity".
import net from 'node:net';
import { UserError } from '../errors.js';
import type { PortSpec } from '../stack/model.js';

/** False when something holds the port; other failures (a bad address, a privileged port) throw. */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') return resolve(false);
      const why =
        err.code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine`
          : err.code === 'EACCES'
            ? `port ${port} needs root on this system`
            : `${err.code ?? err.message}`;
      reject(
        new UserError(`Cannot publish port ${port} on ${host}: ${why}.`, {
          code: 'O11Y_ADDRESS_UNAVAILABLE',
          hint: 'Check bindAddress (or --expose) and ports.* in o11y.yaml.',
          cause: err,
        }),
      );
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws for the first taken port, naming the service and the config key that moves it. */
export async function ensurePortsFree(wanted: Array<{ service: string; port: PortSpec }>): Promise<void> {
  for (const { service, port } of wanted) {
    if (!(await portFree(port.hostIp, port.host))) {
      throw new UserError(`Port ${port.host} is already in use (${service}, on ${port.hostIp}).`, {
        code: 'O11Y_PORT_IN_USE',
        hint: `Stop what holds it, or set ${port.configKey} in o11y.yaml to a free port.`,
      });
    }
  }
}

/** True when something accepts a TCP connection on host:port within `timeoutMs` (a published port that works). */
export function portAnswers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

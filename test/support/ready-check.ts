// What "ready" means for a process a test or bench starts: a line of its output, a TCP port
// accepting, or an HTTP URL answering 2xx. Each says what it waits for, for the timeout's error.
import net from 'node:net';

export interface ReadyCheck {
  /** For the error: "a line matching /ready/", "127.0.0.1:9090 accepting", ... */
  what: string;
  /** True once ready; `output` is the process's stdout and stderr so far. A throw counts as not yet. */
  probe(output: string): boolean | Promise<boolean>;
}

/** A line of stdout or stderr matches `pattern`. */
export function outputLine(pattern: RegExp): ReadyCheck {
  return { what: `a line of output matching ${pattern}`, probe: (output) => output.split('\n').some((line) => pattern.test(line)) };
}

/** A TCP connection to `host:port` is accepted. */
export function portOpen(port: number, host = '127.0.0.1'): ReadyCheck {
  return {
    what: `${host}:${port} accepting connections`,
    probe: () =>
      new Promise((resolve, reject) => {
        const socket = net.connect({ port, host });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', (err) => {
          socket.destroy();
          reject(err);
        });
      }),
  };
}

/** A GET of `url` answers 2xx. */
export function httpOk(url: string): ReadyCheck {
  return {
    what: `${url} answering 2xx`,
    probe: async () => {
      const res = await fetch(url);
      await res.body?.cancel();
      return res.ok;
    },
  };
}

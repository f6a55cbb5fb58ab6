// Bounded load for the alert tests: autocannon at a fixed overall rate against one URL,
// stopped by the test or after maxSeconds, whichever comes first (independent of `o11y load`).
import autocannon from 'autocannon';

export interface PacedLoad {
  /** Stops the load and resolves with the number of requests sent. */
  stop(): Promise<number>;
}

export function startPacedLoad(url: string, ratePerSecond: number, maxSeconds: number, connections = 20): PacedLoad {
  let sent = 0;
  const instance = autocannon({ url, connections, overallRate: ratePerSecond, duration: maxSeconds }, () => {});
  instance.on('response', () => sent++);
  const done = new Promise<void>((resolve) => instance.once('done', () => resolve()));
  return {
    async stop() {
      instance.stop();
      await done;
      return sent;
    },
  };
}

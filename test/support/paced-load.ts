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

/** Ramps 0 → ratePerSecond over rampSeconds in one-second steps (like `--ramp`), then holds. */
export function startRampedLoad(url: string, ratePerSecond: number, rampSeconds: number, maxSeconds: number): PacedLoad {
  const steps = Math.max(1, Math.round(rampSeconds));
  const loads: PacedLoad[] = [];
  let step = 0;
  const addStep = () => {
    loads.push(startPacedLoad(url, ratePerSecond / steps, maxSeconds - step, Math.max(2, Math.ceil(20 / steps))));
    if (++step < steps) timer = setTimeout(addStep, 1000);
  };
  let timer: NodeJS.Timeout | undefined;
  addStep();
  return {
    async stop() {
      clearTimeout(timer);
      return (await Promise.all(loads.map((l) => l.stop()))).reduce((a, b) => a + b, 0);
    },
  };
}

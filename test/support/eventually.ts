// The tests' one "poll until ready" loop, so every wait fails the same informative way: what
// was awaited, for how long, the probe's last error and `detail` (a log tail, what was seen).
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

type NotYet = undefined | null | false;

export interface EventuallyOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between probes; default 100 ms. */
  intervalMs?: number;
  /** Give up at once when this process exits: what it was to serve will never come. */
  child?: ChildProcess;
  /** Appended to the failure, e.g. the process's log. */
  detail?: () => string | Promise<string>;
}

/**
 * Calls `probe` until it returns something other than undefined, null or false, and returns that.
 * A probe that throws counts as "not yet"; its last error goes into the failure.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | NotYet> | T | NotYet, opts: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100, child, detail } = opts;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  const fail = async (why: string): Promise<never> => {
    const msg = `${what}: ${why}${last === undefined ? '' : ` (last error: ${errorText(last)})`}`;
    const more =
      detail &&
      (await Promise.resolve()
        .then(detail)
        .catch((err) => `(detail failed: ${errorText(err)})`));
    throw new Error(more ? `${msg}:\n${more}` : msg);
  };
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) return fail(`the process exited (${child.exitCode ?? child.signalCode}) first`);
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) return fail(`not after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

// fetch() says only "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause.
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error && err.cause.message ? `${err.message}: ${err.cause.message}` : err.message;
}

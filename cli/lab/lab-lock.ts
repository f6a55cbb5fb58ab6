// One `up` or `down` at a time per lab: two at once raced each other into half-made labs (a
// "container already exists" that was the other run's, two networks of one name). The lock
// is a file in the state folder holding who has it (pid, start time, boot); a holder that died
// leaves a lock anyone may take over.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { identityOf, type ProcessIdentity, stillRunning } from '../process-identity.js';

export const LOCK_FILE = 'lab.lock';

interface Holder extends ProcessIdentity {
  command: string;
  startedAt: string;
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

export interface LockOptions {
  /** How long to wait for the holder to finish. */
  waitMs?: number;
  pollMs?: number;
  /** Called once when the lock is held by another live run. */
  onWait?: (holder: Holder) => void;
}

/** Takes the lab's lock for `command`; released when this process exits, however it exits. */
export async function acquireLabLock(stateDir: string, command: string, opts: LockOptions = {}): Promise<() => void> {
  const file = path.join(stateDir, LOCK_FILE);
  mkdirSync(stateDir, { recursive: true });
  const me: Holder = { ...identityOf(), command, startedAt: new Date().toISOString() };
  const deadline = Date.now() + (opts.waitMs ?? 15 * 60_000);
  let told = false;
  for (;;) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx', mode: 0o644 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (!holder || !stillRunning(holder)) {
      // Left by a run that was killed, or before a reboot (its pid may be another process's now).
      unlinkSync(file);
      continue;
    }
    if (Date.now() > deadline) {
      throw new UserError(`Another \`o11y ${holder.command}\` (pid ${holder.pid}, started ${holder.startedAt}) still holds this lab.`, {
        hint: `Wait for it to finish, or stop it (kill ${holder.pid}); its lock is ${file}.`,
      });
    }
    if (!told) opts.onWait?.(holder);
    told = true;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      // gone already
    }
  };
  process.once('exit', release);
  return release;
}

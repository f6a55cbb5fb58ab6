// One `up` or `down` at a time per lab: two at once raced each other into half-made labs (a
// "container already exists" that was the other run's, two networks of one name). The lock
// is a file in the state folder holding who has it (pid, start time, boot); a holder that died
// leaves a lock anyone may take over.
import { closeSync, fchmodSync, linkSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { identityOf, type ProcessIdentity, stillRunning } from '../process-identity.js';
import { mkdirForUser, openForUser } from '../sudo-owner.js';

export const LOCK_FILE = 'lab.lock';

interface Holder extends ProcessIdentity {
  command: string;
  startedAt: string;
}

/** The lock as it is now: absent, its holder, or unreadable (not JSON, or not ours to read). */
function readLock(file: string): { absent: true } | { text: string; holder?: Holder } | { unreadable: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { absent: true } : { unreadable: code ?? String(err) };
  }
  try {
    return { text, holder: JSON.parse(text) as Holder };
  } catch {
    return { text };
  }
}

/** A holder that is gone: its process ended, or the machine has rebooted since it took the lock. */
function gone(holder: Holder): boolean {
  // Where there is no boot id to compare (macOS, a lock of an older o11y): taken before this boot.
  const bootedAt = Date.now() - os.uptime() * 1000;
  return Date.parse(holder.startedAt) < bootedAt - 60_000 || !stillRunning(holder);
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
  // Under `sudo o11y up` in a new project, the state folder is the user's, not root's.
  mkdirForUser(stateDir);
  const me: Holder = { ...identityOf(), command, startedAt: new Date().toISOString() };
  const deadline = Date.now() + (opts.waitMs ?? 15 * 60_000);
  let told = false;
  for (;;) {
    if (placeLock(file, JSON.stringify(me))) break;
    const lock = readLock(file);
    if ('absent' in lock) continue;
    const holder = 'holder' in lock ? lock.holder : undefined;
    // Left by a run that was killed, or before a reboot (its pid may be another process's now); or
    // not a lock at all any more (no one writes one for 10 s).
    if ('text' in lock && (holder ? gone(holder) : Date.now() - mtimeMs(file) > 10_000)) {
      removeIfSame(file, lock.text);
      continue;
    }
    if ('unreadable' in lock) {
      // Another user's, from an o11y that did not make it readable: no telling whose it is.
      throw new UserError(`This lab's lock ${file} cannot be read (${lock.unreadable}).`, {
        hint: `If no \`o11y up\` or \`o11y down\` of this lab is running, remove it (sudo rm ${file}).`,
      });
    }
    if (holder && Date.now() > deadline) {
      throw new UserError(`Another \`o11y ${holder.command}\` (pid ${holder.pid}, started ${holder.startedAt}) still holds this lab.`, {
        hint: `Wait for it to finish, or stop it (kill ${holder.pid}); its lock is ${file}.`,
      });
    }
    if (holder && !told) {
      opts.onWait?.(holder);
      told = true;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldHere = undefined;
    try {
      const lock = readLock(file);
      if ('holder' in lock && lock.holder?.pid === process.pid) unlinkSync(file);
    } catch {
      // gone already
    }
  };
  heldHere = release;
  process.once('exit', release);
  return release;
}

/** The release of the lock this process holds, if any. */
let heldHere: (() => void) | undefined;

/**
 * Lets go of this process's lock before it hands its command to another process that takes the
 * lock itself (`o11y up` going on through sudo): held, the other would wait on it for good.
 */
export function releaseLabLock(): void {
  heldHere?.();
}

/**
 * Puts the lock in place whole, or not at all: written to a file of this process first, then
 * linked to the lock's name (atomic, and EEXIST when held), so no one ever reads half a lock.
 */
function placeLock(file: string, content: string): boolean {
  const mine = `${file}.${process.pid}`;
  rmSync(mine, { force: true });
  // No symlink followed (root under sudo writes in the user's folder); the sudo user's; readable
  // by all whatever the umask, so a run as the user can judge a lock root left, and vice versa.
  const fd = openForUser(mine);
  try {
    fchmodSync(fd, 0o644);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(mine, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    unlinkSync(mine);
  }
}

/** Removes a stale lock unless another run has replaced it since it was read (two taking over at once). */
function removeIfSame(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

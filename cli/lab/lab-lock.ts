// One `up` or `down` at a time per lab: two at once raced each other into half-made labs (a
// "container already exists" that was the other run's, two networks of one name). The lock
// is a file in the state folder holding who has it (pid, start time, boot, pid namespace); a
// holder that died, or whose machine has rebooted since, leaves a lock anyone may take over.
import { closeSync, constants, existsSync, fchmodSync, lstatSync, openSync, readFileSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { bootId, identityOf, type ProcessIdentity, stillRunning, writtenHere } from '../process-identity.js';
import { handFdToUser, mkdirForUser } from '../sudo-owner.js';

export const LOCK_FILE = 'lab.lock';

interface Holder extends ProcessIdentity {
  command: string;
  startedAt: string;
}

type Lock = { absent: true } | { text: string; holder?: Holder; mtimeMs: number } | { unreadable: string };

/** The lock as it is now: absent, its text (and holder, when it is one), or not a file we can read. */
function readLock(file: string): Lock {
  try {
    const st = lstatSync(file);
    // A symlink or anything else in its place is no lock of ours: never followed.
    if (!st.isFile()) return { unreadable: 'not a plain file' };
    const text = readFileSync(file, 'utf8');
    let holder: Holder | undefined;
    try {
      holder = JSON.parse(text) as Holder;
    } catch {
      // half-written, or not ours
    }
    return { text, holder: holder && typeof holder === 'object' ? holder : undefined, mtimeMs: st.mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { absent: true } : { unreadable: code ?? String(err) };
  }
}

/**
 * A holder that is gone: its process ended, or the machine has rebooted since it took the lock.
 * One written in another pid space (another kernel or container sharing the folder) can only be
 * judged by its age; where either side has no boot id (macOS, an older o11y), age counts too.
 */
function gone(holder: Holder): boolean {
  const beforeBoot = Date.parse(holder.startedAt) < Date.now() - os.uptime() * 1000 - 60_000;
  if (!writtenHere(holder)) return beforeBoot;
  if ((holder.boot === undefined || bootId() === undefined) && beforeBoot) return true;
  return !stillRunning(holder);
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
  // A command refused before it wrote anything leaves no state folder behind, not even an empty one.
  const made = firstMissing(stateDir);
  // Under `sudo o11y up` in a new project, the state folder is the user's, not root's.
  mkdirForUser(stateDir);
  const mine = JSON.stringify({ ...identityOf(), command, startedAt: new Date().toISOString() } satisfies Holder);
  const deadline = Date.now() + (opts.waitMs ?? 15 * 60_000);
  let told = false;
  for (;;) {
    if (placeLock(file, mine)) break;
    const lock = readLock(file);
    if ('unreadable' in lock) {
      throw new UserError(`This lab's lock ${file} cannot be read (${lock.unreadable}).`, {
        code: 'O11Y_LAB_LOCKED',
        hint: `If no \`o11y up\` or \`o11y down\` of this lab is running, remove it (rm ${file}; sudo if it is root's).`,
      });
    }
    if ('text' in lock) {
      // A lock no one has written to for 10 s is no lock (its writer stopped half-way).
      const stale = lock.holder ? gone(lock.holder) : Math.abs(Date.now() - lock.mtimeMs) > 10_000;
      if (stale) {
        // Left by a run that was killed, or before a reboot (its pid may be another process's now).
        removeIfSame(file, lock.text);
        continue;
      }
    }
    const holder = 'holder' in lock ? lock.holder : undefined;
    if (!('absent' in lock) && Date.now() > deadline) throw stillHeld(file, holder, lock);
    if (holder && !told) {
      opts.onWait?.(holder);
      told = true;
    }
    // Absent (released just now): straight back; held: as often as asked.
    await new Promise((r) => setTimeout(r, 'absent' in lock ? 10 : (opts.pollMs ?? 500)));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldHere = undefined;
    try {
      removeIfSame(file, mine);
    } catch {
      // not ours to remove any more (the folder changed hands): the next run judges it
    }
    if (made) removeEmptyUpTo(stateDir, made);
  };
  heldHere = release;
  process.once('exit', release);
  return release;
}

/** The outermost folder of `dir` that does not exist yet (what mkdir -p would make), or undefined. */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing = d;
  return missing;
}

/** Removes `dir` and its parents up to `top` while they are empty (rmdir refuses a folder with anything in it). */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top) return;
  }
}

function stillHeld(file: string, holder: Holder | undefined, lock: Lock): UserError {
  if (!holder) {
    const age = 'mtimeMs' in lock ? ` for ${Math.round((Date.now() - lock.mtimeMs) / 1000)} s` : '';
    return new UserError(`This lab's lock ${file} names no run (it is not JSON), and has${age}.`, {
      code: 'O11Y_LAB_LOCKED',
      hint: `If no \`o11y up\` or \`o11y down\` of this lab is running, remove it (rm ${file}).`,
    });
  }
  if (!writtenHere(holder)) {
    return new UserError(
      `Another \`o11y ${holder.command}\` (pid ${holder.pid} of another system or container sharing this folder, started ${holder.startedAt}) still holds this lab.`,
      { code: 'O11Y_LAB_LOCKED', hint: `Wait for it to finish there; if it is not running any more, remove its lock (rm ${file}).` },
    );
  }
  return new UserError(`Another \`o11y ${holder.command}\` (pid ${holder.pid}, started ${holder.startedAt}) still holds this lab.`, {
    code: 'O11Y_LAB_LOCKED',
    hint: `Wait for it to finish, or stop it (kill ${holder.pid}); its lock is ${file}.`,
  });
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
 * Creates the lock if there is none (O_EXCL: never over another's, never through a symlink),
 * readable by every user whatever the umask, so that a run as the user can judge a lock that
 * `sudo o11y up` left, and the reverse; under sudo it is the user's. A reader that finds it
 * before its one write sees no JSON yet and waits (readLock).
 */
function placeLock(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fchmodSync(fd, 0o644);
    handFdToUser(fd);
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the lock if it still holds `text`. Two runs taking over one stale lock at the same
 * moment can still both get it (read and unlink are two steps); it takes two `up`s started
 * together on a lab whose last run was killed.
 */
function removeIfSame(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

// How many connections a run may hold: each is a file descriptor, and running out of them
// (EMFILE) fails every request at once. So the cap is well under the process's open-file limit.
import { readFileSync } from 'node:fs';

/** What we assume where the limit cannot be read (the usual Linux default soft limit). */
const FALLBACK_LIMIT = 1024;

/** The soft RLIMIT_NOFILE of this process (Linux: /proc/self/limits), or 1024 where unreadable. */
export function openFileLimit(limitsText?: string): number {
  try {
    const text = limitsText ?? readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
    if (!m) return FALLBACK_LIMIT;
    return m[1] === 'unlimited' ? 1_048_576 : Number(m[1]);
  } catch {
    return FALLBACK_LIMIT;
  }
}

/**
 * Most connections a run opens: half the open-file limit, leaving the other half to Node
 * itself (stdio, timers, the event loop's own descriptors) and to whatever else the process holds.
 */
export function connectionCap(limit = openFileLimit()): number {
  return Math.max(8, Math.floor(limit / 2));
}

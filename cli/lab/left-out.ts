// The services the last `o11y up` left out (no image for them, e.g. Grafana with
// `--images local`), kept in the state folder so `o11y status` can say why they are not
// running instead of calling them missing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '../services/index.js';
import { handTreeToUser } from '../sudo-owner.js';

export interface LeftOut {
  service: ServiceName;
  /** Why, then how to add it: said in full once, by the `up` that left it out. */
  reason: string;
  /** Why alone (absent in files from older versions). */
  why?: string;
}

/**
 * The one line `status` and `open` say about a left-out service: why, and where the fix is (the
 * end of `o11y up`), not the whole paragraph on every call.
 */
export function leftOutLine(l: Pick<LeftOut, 'reason' | 'why'>): string {
  return l.why ? `${l.why}: left out (\`o11y up\` ends with how to add it)` : l.reason;
}

const fileOf = (stateDir: string) => path.join(stateDir, 'left-out.json');

export function writeLeftOut(stateDir: string, leftOut: LeftOut[]): void {
  if (leftOut.length === 0) {
    rmSync(fileOf(stateDir), { force: true });
    return;
  }
  mkdirSync(stateDir, { recursive: true });
  const kept = leftOut.map((l) => ({ service: l.service, reason: l.reason, ...(l.why ? { why: l.why } : {}) }));
  writeFileSync(fileOf(stateDir), JSON.stringify(kept, null, 2) + '\n');
  handTreeToUser(fileOf(stateDir));
}

/** Nothing recorded, or a file from another version that does not parse: nothing left out. */
export function readLeftOut(stateDir: string): LeftOut[] {
  if (!existsSync(fileOf(stateDir))) return [];
  try {
    const parsed = JSON.parse(readFileSync(fileOf(stateDir), 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((x): x is LeftOut => typeof x?.service === 'string' && typeof x?.reason === 'string')
      .map((x) => ({ service: x.service, reason: x.reason, ...(typeof x.why === 'string' ? { why: x.why } : {}) }));
  } catch {
    return [];
  }
}

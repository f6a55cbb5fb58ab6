// The services the last `o11y up` left out (no image for them, e.g. Grafana with
// `--images local`), kept in the state folder so `o11y status` can say why they are not
// running instead of calling them missing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '../services/index.js';
import { handTreeToUser } from '../sudo-owner.js';

export interface LeftOut {
  service: ServiceName;
  reason: string;
}

const fileOf = (stateDir: string) => path.join(stateDir, 'left-out.json');

export function writeLeftOut(stateDir: string, leftOut: LeftOut[]): void {
  if (leftOut.length === 0) {
    rmSync(fileOf(stateDir), { force: true });
    return;
  }
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(fileOf(stateDir), JSON.stringify(leftOut, null, 2) + '\n');
  handTreeToUser(fileOf(stateDir));
}

/** Nothing recorded, or a file from another version that does not parse: nothing left out. */
export function readLeftOut(stateDir: string): LeftOut[] {
  if (!existsSync(fileOf(stateDir))) return [];
  try {
    const parsed = JSON.parse(readFileSync(fileOf(stateDir), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is LeftOut => typeof x?.service === 'string' && typeof x?.reason === 'string') : [];
  } catch {
    return [];
  }
}

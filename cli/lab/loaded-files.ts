// Which rendered files each running container of a reloading service (Prometheus, Alertmanager)
// has loaded: a hash per container id, kept in the state folder. Docker cannot change a
// container's labels after it is made, and a run killed between writing the files and the signal
// must still reload on the next `up`: so `up` records a hash only once the service confirmed it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { handTreeToUser } from '../sudo-owner.js';

const FILE = 'loaded-config.json';

/** Container id → hash of the rendered files it runs with; {} when none was recorded. */
export function readLoadedFiles(stateDir: string): Record<string, string> {
  const file = path.join(stateDir, FILE);
  if (!existsSync(file)) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  } catch {
    // A damaged record only costs one reload.
    return {};
  }
}

/**
 * Records what these containers run with; containers no longer listed in `keep` are dropped.
 * Written beside and renamed over (never through a link planted at its name, never half-written);
 * a record that cannot be written only costs one reload on the next `up`.
 */
export function recordLoadedFiles(stateDir: string, loaded: Record<string, string>, keep: Set<string>): void {
  const record = Object.fromEntries(Object.entries({ ...readLoadedFiles(stateDir), ...loaded }).filter(([id]) => keep.has(id)));
  const file = path.join(stateDir, FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
    renameSync(temp, file);
    handTreeToUser(file);
  } catch {
    rmSync(temp, { force: true });
  }
}

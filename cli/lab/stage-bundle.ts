// Copies a package folder a service mounts (the gradebook bundle, dist/app) into the state
// folder, where its container mounts it read-only; returns its content hash.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { StagedFolder } from '../services/service.js';
import { makeTreeReadable } from '../stack/file-access.js';

/** Stages `folder` under `stateDir` when it differs; returns its content hash. */
export function stageFolder(stateDir: string, folder: StagedFolder): string {
  const { hash, stale } = stagedState(stateDir, folder);
  const target = path.join(stateDir, folder.target);
  if (stale) {
    rmSync(target, { recursive: true, force: true });
    cpSync(folder.source(), target, { recursive: true });
  }
  // A package built or unpacked under a strict umask: its container reads it as another user.
  makeTreeReadable(target);
  return hash;
}

/** The hash `stageFolder` would return, and whether it would copy: reads only (`up --dry-run`). */
export function stagedState(stateDir: string, folder: StagedFolder): { hash: string; stale: boolean } {
  const source = folder.source();
  if (!existsSync(path.join(source, folder.required))) {
    throw new UserError(`A folder the lab needs is missing (${path.join(source, folder.required)}).`, {
      code: 'O11Y_BUNDLE_MISSING',
      hint: folder.missingHint,
    });
  }
  const hash = treeHash(source);
  const target = path.join(stateDir, folder.target);
  return { hash, stale: !(existsSync(target) && treeHash(target) === hash) };
}

function treeHash(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(path.relative(dir, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

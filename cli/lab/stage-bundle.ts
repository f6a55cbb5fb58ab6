// Copies the bundled gradebook service (dist/app: server.mjs + static/) into the state folder,
// where the stock Node image mounts it read-only. Copied, not mounted from dist/, so a rebuild
// of the package never changes a running lab underneath it.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { appBundleDir } from '../stack/package-paths.js';

export const APP_STATE_DIR = 'app';

/** Stages the bundle in <stateDir>/app when it differs; returns its content hash. */
export function stageAppBundle(stateDir: string, source = appBundleDir()): string {
  if (!existsSync(path.join(source, 'server.mjs'))) {
    throw new UserError(`The bundled service is missing (${path.join(source, 'server.mjs')}).`, {
      hint: 'Build it with `npm run build` (from a clone) or reinstall the package.',
    });
  }
  const wanted = treeHash(source);
  const target = path.join(stateDir, APP_STATE_DIR);
  if (existsSync(target) && treeHash(target) === wanted) return wanted;
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return wanted;
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

// Every config file the stack mounts, rendered by the service modules and written under
// <stateDir>/config/.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { renderContext, type ServiceName } from '../services/index.js';
import { type HostAccess, mkdirReadable } from '../stack/file-access.js';
import type { RenderedFile } from '../stack/rendered-file.js';

/** Each enabled service's files (paths under config/), by service. */
export function renderServiceFiles(config: LabConfig, secrets: Partial<Secrets>, host?: HostAccess): Map<ServiceName, RenderedFile[]> {
  const ctx = renderContext(config, secrets, host);
  return new Map(ctx.services.map((s) => [s.name, s.files?.(ctx) ?? []]));
}

export function renderStackFiles(config: LabConfig, secrets: Partial<Secrets>, host?: HostAccess): RenderedFile[] {
  return [...renderServiceFiles(config, secrets, host).values()].flat();
}

/** Hash of a set of rendered files: paths, modes and contents. */
export function filesHash(files: RenderedFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    h.update(f.path)
      .update('\0')
      .update(String(f.mode ?? 0o644))
      .update('\0')
      .update(f.content)
      .update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/** Paths (under config/) of the files whose content on disk is not the rendered one (or that are missing). */
export function staleFiles(configDir: string, files: RenderedFile[]): string[] {
  return files
    .filter((f) => {
      const target = path.join(configDir, f.path);
      return !existsSync(target) || readFileSync(target, 'utf8') !== f.content;
    })
    .map((f) => f.path);
}

/**
 * Writes files under `configDir`, touching only those whose content or mode changed (so a
 * re-run is quick and mtimes mean something), and hands each to the owner its container needs.
 * Folders are 0755 and files their own mode whatever the umask: containers read them as other users.
 */
export function writeRenderedFiles(configDir: string, files: RenderedFile[]): void {
  for (const file of files) {
    const target = path.join(configDir, file.path);
    const mode = file.mode ?? 0o644;
    mkdirReadable(path.dirname(target), configDir);
    const same = existsSync(target) && readFileSync(target, 'utf8') === file.content;
    if (!same) writeFileSync(target, file.content, { mode });
    if (!same || (statSync(target).mode & 0o777) !== mode) chmodSync(target, mode);
    if (file.owner && statSync(target).uid !== file.owner.uid) chownSync(target, file.owner.uid, file.owner.gid);
  }
}

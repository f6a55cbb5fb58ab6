// What identifies a service's mounts from the state folder: its staged folder and its rendered
// files (a change recreates it), the rendered files apart for a service that reloads them (a
// change there only signals it). Shared by `up` and `up --dry-run`, so both plan alike.
import type { ServiceName } from '../services/index.js';
import type { ServiceModule } from '../services/service.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { filesHash } from './render-files.js';

export interface MountHashes {
  hashes: Partial<Record<ServiceName, string>>;
  reloadHashes: Partial<Record<ServiceName, string>>;
  /** A reloading service's rendered files that were not on disk as rendered (edited by hand, or new). */
  rewritten: Partial<Record<ServiceName, string[]>>;
}

export function mountHashes(
  services: readonly ServiceModule[],
  rendered: Map<ServiceName, RenderedFile[]>,
  stagedHash: (s: ServiceModule) => string | undefined,
  /** Paths under config/ whose disk content is not the rendered one, read before anything is written. */
  stale: readonly string[] = [],
): MountHashes {
  const files = (s: ServiceModule) => rendered.get(s.name) ?? [];
  const reloading = services.filter((s) => s.reload);
  return {
    hashes: Object.fromEntries(services.map((s) => [s.name, mountedHash(stagedHash(s), s.reload ? [] : files(s))])),
    reloadHashes: Object.fromEntries(reloading.map((s) => [s.name, filesHash(files(s))])),
    rewritten: Object.fromEntries(
      reloading.map((s) => [
        s.name,
        files(s)
          .map((f) => f.path)
          .filter((p) => stale.includes(p)),
      ]),
    ),
  };
}

/** The staged folder's hash, its rendered files' hash, both, or '' for a service that mounts nothing of ours. */
function mountedHash(stagedHash: string | undefined, files: RenderedFile[]): string {
  const parts = [stagedHash ?? '', files.length ? filesHash(files) : ''];
  return parts.filter(Boolean).join('+');
}

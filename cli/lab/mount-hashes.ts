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
}

export function mountHashes(
  services: readonly ServiceModule[],
  rendered: Map<ServiceName, RenderedFile[]>,
  stagedHash: (s: ServiceModule) => string | undefined,
): MountHashes {
  const files = (s: ServiceModule) => rendered.get(s.name) ?? [];
  return {
    hashes: Object.fromEntries(services.map((s) => [s.name, mountedHash(stagedHash(s), s.reload ? [] : files(s))])),
    reloadHashes: Object.fromEntries(services.filter((s) => s.reload).map((s) => [s.name, filesHash(files(s))])),
  };
}

/** The staged folder's hash, its rendered files' hash, both, or '' for a service that mounts nothing of ours. */
function mountedHash(stagedHash: string | undefined, files: RenderedFile[]): string {
  const parts = [stagedHash ?? '', files.length ? filesHash(files) : ''];
  return parts.filter(Boolean).join('+');
}

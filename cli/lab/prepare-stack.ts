// Everything `up` and `render` share before touching Docker: secrets, rendered files, staged
// folders, the resolved images and the stack description built from them.
import path from 'node:path';
import { ensureSecrets, ensureStateDir, type Secrets } from '../config/secrets.js';
import { engineIsRootless } from '../docker/client.js';
import { UserError } from '../errors.js';
import { enabledServices } from '../services/index.js';
import { type HostAccess, hostAccess, mkdirReadable } from '../stack/file-access.js';
import type { StackSpec } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { handTreeToUser } from '../sudo-owner.js';
import { buildStack } from './build-stack.js';
import type { LoadedConfig } from './load-config.js';
import { mountHashes } from './mount-hashes.js';
import { renderServiceFiles, staleFiles, writeRenderedFiles } from './render-files.js';
import { resolveImages, type ResolvedImages } from './resolve-images.js';
import { stageFolder } from './stage-bundle.js';

export interface PreparedStack {
  stack: StackSpec;
  secrets: Secrets;
  files: RenderedFile[];
  images: ResolvedImages;
  host: HostAccess;
}

export async function prepareStack(loaded: LoadedConfig, opts: { images: 'config' | 'local' }): Promise<PreparedStack> {
  const { config, stateDir } = loaded;
  // Who reads the mounted files depends on the engine: rootless maps the host user to root.
  const host = hostAccess(await engineIsRootless());
  const { secrets, byService, hashes, reloadHashes, rewritten } = explainForeignFiles(stateDir, () => {
    ensureStateDir(stateDir);
    const secrets = ensureSecrets(stateDir);
    const byService = renderServiceFiles(config, secrets, host);
    const stale = staleFiles(path.join(stateDir, 'config'), [...byService.values()].flat());
    writeRenderedFiles(path.join(stateDir, 'config'), [...byService.values()].flat());
    const hashes = mountHashes(enabledServices(config), byService, (s) => (s.staged ? stageFolder(stateDir, s.staged) : undefined), stale);
    return { secrets, byService, ...hashes };
  });
  const files = [...byService.values()].flat();
  const images = await resolveImages(config, opts.images);
  const stack = buildStack({ config, services: enabledServices(config), images: images.images, hashes, reloadHashes, rewritten, host });
  explainForeignFiles(stateDir, () => {
    // Create every mounted state folder ourselves (the engine would create missing ones as root),
    // readable by any container user whatever the umask.
    for (const s of stack.services)
      for (const m of s.mounts) if (m.kind === 'state') mkdirReadable(path.join(stateDir, m.source), path.join(stateDir, m.source));
  });
  // `sudo o11y up`: what we wrote goes back to the user, so their next `o11y up` can rewrite it
  // (only our own subfolders: the state folder may be any folder o11y.yaml names).
  const ours = new Set(['config', ...stack.services.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'state' ? [m.source.split('/')[0]] : [])))]);
  for (const sub of ours) handTreeToUser(path.join(stateDir, sub));
  return { stack, secrets, files, images, host };
}

/** Runs `work`; a file of the state folder we may not read or rewrite (left by `sudo o11y` or root) becomes a UserError saying what to run. */
function explainForeignFiles<T>(stateDir: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
    const who = process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : '$(id -u):$(id -g)';
    throw new UserError(
      `Cannot write ${(err as NodeJS.ErrnoException).path ?? stateDir}: it belongs to another user (left by an earlier \`sudo o11y\` or a run as root?).`,
      {
        code: 'O11Y_STATE_NOT_YOURS',
        hint: `Give the state folder back to yourself, then run this again: sudo chown -R ${who} ${path.resolve(stateDir)}`,
        cause: err,
      },
    );
  }
}

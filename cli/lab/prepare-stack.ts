// Everything `up` and `render` share before touching Docker: secrets, rendered files, the staged
// app bundle, the resolved images and the stack description built from them.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from './load-config.js';
import { ensureSecrets, ensureStateDir, type Secrets } from '../config/secrets.js';
import { buildStack } from './build-stack.js';
import type { StackSpec } from '../stack/model.js';
import { filesHash, renderStackFiles, writeRenderedFiles } from './render-files.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { resolveImages, type ResolvedImages } from './resolve-images.js';
import { stageAppBundle } from './stage-bundle.js';

export interface PreparedStack {
  stack: StackSpec;
  secrets: Secrets;
  files: RenderedFile[];
  images: ResolvedImages;
}

export async function prepareStack(loaded: LoadedConfig, opts: { images: 'config' | 'local' }): Promise<PreparedStack> {
  const { config, stateDir } = loaded;
  ensureStateDir(stateDir);
  const secrets = ensureSecrets(stateDir);
  const files = renderStackFiles(config, secrets);
  writeRenderedFiles(path.join(stateDir, 'config'), files);
  const appHash = stageAppBundle(stateDir);
  const images = await resolveImages(config, opts.images);
  const stack = buildStack({
    config,
    images: images.images,
    hashes: { app: appHash, prometheus: filesHash(files, 'prometheus'), alertmanager: filesHash(files, 'alertmanager'), grafana: filesHash(files, 'grafana') },
  });
  // Create every mounted state folder ourselves: the engine would create missing ones as root.
  for (const s of stack.services) for (const m of s.mounts) if (m.kind === 'state') mkdirSync(path.join(stateDir, m.source), { recursive: true });
  return { stack, secrets, files, images };
}

// Everything `up` and `render` share before touching Docker: secrets, rendered files, staged
// folders, the resolved images and the stack description built from them.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureSecrets, ensureStateDir, type Secrets } from '../config/secrets.js';
import { enabledServices } from '../services/index.js';
import type { ServiceModule } from '../services/service.js';
import type { StackSpec } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { buildStack } from './build-stack.js';
import type { LoadedConfig } from './load-config.js';
import { filesHash, renderServiceFiles, writeRenderedFiles } from './render-files.js';
import { resolveImages, type ResolvedImages } from './resolve-images.js';
import { stageFolder } from './stage-bundle.js';

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
  const services = enabledServices(config);
  const byService = renderServiceFiles(config, secrets);
  const files = [...byService.values()].flat();
  writeRenderedFiles(path.join(stateDir, 'config'), files);
  // What a service mounts from the state folder is part of its identity: a change recreates it.
  const hashes = Object.fromEntries(services.map((s) => [s.name, mountedHash(stateDir, s, byService.get(s.name) ?? [])]));
  const images = await resolveImages(config, opts.images);
  const stack = buildStack({ config, services, images: images.images, hashes });
  // Create every mounted state folder ourselves: the engine would create missing ones as root.
  for (const s of stack.services) for (const m of s.mounts) if (m.kind === 'state') mkdirSync(path.join(stateDir, m.source), { recursive: true });
  return { stack, secrets, files, images };
}

/** The staged folder's hash, its rendered files' hash, both, or '' for a service that mounts nothing of ours. */
function mountedHash(stateDir: string, service: ServiceModule, files: RenderedFile[]): string {
  const parts = [service.staged ? stageFolder(stateDir, service.staged) : '', files.length ? filesHash(files) : ''];
  return parts.filter(Boolean).join('+');
}

// `up --dry-run`'s prepareStack: the same stack, built without writing anything, and the writes
// `up` would make outside the engine (state folder, secrets, rendered files, staged package).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { looseSecretsMode, readSecrets, type Secrets, secretsPath } from '../config/secrets.js';
import { engineIsRootless } from '../docker/client.js';
import { enabledServices } from '../services/index.js';
import { hostAccess } from '../stack/file-access.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { buildStack } from './build-stack.js';
import type { LoadedConfig } from './load-config.js';
import { mountHashes } from './mount-hashes.js';
import type { PreparedStack } from './prepare-stack.js';
import { renderServiceFiles, staleFiles } from './render-files.js';
import { resolveImages } from './resolve-images.js';
import { stagedState } from './stage-bundle.js';
import type { FileStep } from './up-plan.js';

// Stand-ins for passwords `up` would generate: they only shape hashes of containers not made yet.
const NOT_YET = 'generated-by-up';

export async function previewStack(loaded: LoadedConfig, opts: { images: 'config' | 'local' }): Promise<{ prepared: PreparedStack; files: FileStep[] }> {
  const { config, stateDir } = loaded;
  const host = hostAccess(await engineIsRootless());
  const steps: FileStep[] = [];
  if (!existsSync(stateDir)) steps.push({ path: stateDir, action: 'create', why: 'the state folder (with a .gitignore that ignores it all)' });
  const secrets = previewSecrets(stateDir, steps);
  const byService = renderServiceFiles(config, secrets, host);
  const files = [...byService.values()].flat();
  steps.push(...fileSteps(path.join(stateDir, 'config'), files));
  const hashes = mountHashes(
    enabledServices(config),
    byService,
    (s) => {
      if (!s.staged) return undefined;
      const staged = stagedState(stateDir, s.staged);
      if (staged.stale) steps.push({ path: path.join(stateDir, s.staged.target), action: 'create', why: `a copy of ${s.staged.source()}` });
      return staged.hash;
    },
    staleFiles(path.join(stateDir, 'config'), files),
  );
  const images = await resolveImages(config, opts.images);
  const stack = buildStack({ config, services: enabledServices(config), images: images.images, ...hashes, host });
  const folders = new Set(stack.services.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'state' ? [path.join(stateDir, m.source)] : []))));
  for (const dir of folders)
    if (!existsSync(dir) && !steps.some((f) => dir.startsWith(f.path))) steps.push({ path: dir, action: 'create', why: 'a folder a container mounts' });
  return { prepared: { stack, secrets, files, images, host }, files: steps };
}

function previewSecrets(stateDir: string, steps: FileStep[]): Secrets {
  const file = secretsPath(stateDir);
  const current = readSecrets(stateDir);
  const missing = (['postgresPassword', 'grafanaPassword', 'chaosToken', 'webPassword', 'grafanaViewerPassword'] as const).filter((k) => !current[k]);
  if (!existsSync(file)) steps.push({ path: file, action: 'create', why: 'new passwords, mode 0600' });
  else if (missing.length) steps.push({ path: file, action: 'update', why: `adds ${missing.join(', ')}` });
  const loose = looseSecretsMode(stateDir);
  if (loose !== undefined) steps.push({ path: file, action: 'chmod', why: `mode 0${loose.toString(8)} to 0600: other users could read the passwords` });
  return {
    postgresPassword: current.postgresPassword || NOT_YET,
    grafanaPassword: current.grafanaPassword || NOT_YET,
    chaosToken: current.chaosToken || NOT_YET,
    webPassword: current.webPassword || NOT_YET,
    grafanaViewerPassword: current.grafanaViewerPassword || NOT_YET,
    ...(current.telegramBotToken ? { telegramBotToken: current.telegramBotToken } : {}),
  };
}

/** The rendered files that are missing or differ on disk (what writeRenderedFiles would write). */
function fileSteps(configDir: string, files: RenderedFile[]): FileStep[] {
  return files.flatMap((f): FileStep[] => {
    const target = path.join(configDir, f.path);
    if (!existsSync(target)) return [{ path: target, action: 'create', why: 'rendered from o11y.yaml' }];
    if (readFileSync(target, 'utf8') !== f.content) return [{ path: target, action: 'update', why: 'its content changed' }];
    if ((statSync(target).mode & 0o777) !== (f.mode ?? 0o644)) return [{ path: target, action: 'chmod', why: `mode 0${(f.mode ?? 0o644).toString(8)}` }];
    return [];
  });
}

// `o11y render`: the stack as a compose project in a folder (compose.yaml, .env, every mounted
// file, the app bundle), so plain `docker compose up` runs the same lab.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { renderCompose } from './compose.js';
import type { PreparedStack } from './prepare-stack.js';
import { writeRenderedFiles } from './render-files.js';
import { serviceModule } from '../services/index.js';
import { mkdirReadable } from '../stack/file-access.js';
import { stageFolder } from './stage-bundle.js';
import { handTreeToUser } from '../sudo-owner.js';

/** Writes the project into `outDir`; returns the paths written, relative to it. */
export function renderProject(prepared: PreparedStack, stateDir: string, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const same = path.resolve(outDir) === path.resolve(stateDir);
  // In the state folder the config files and app are already there (prepareStack wrote them).
  if (!same) {
    writeRenderedFiles(path.join(outDir, 'config'), prepared.files);
    for (const s of prepared.stack.services) {
      const staged = serviceModule(s.name).staged;
      if (staged) stageFolder(outDir, staged);
    }
  }
  for (const s of prepared.stack.services)
    for (const m of s.mounts) if (m.kind === 'state') mkdirReadable(path.join(outDir, m.source), path.join(outDir, m.source));
  const compose = renderCompose(prepared.stack, prepared.secrets);
  for (const f of compose) {
    const target = path.join(outDir, f.path);
    writeFileSync(target, f.content, { mode: f.mode ?? 0o644 });
    chmodSync(target, f.mode ?? 0o644);
  }
  // .env holds the passwords and alertmanager.yml may hold the bot token: keep them out of git
  // when the project is rendered inside a repository (README: `o11y render --out lab`).
  if (!same) writeFileSync(path.join(outDir, '.gitignore'), '# secrets rendered by o11y: never commit\n.env\nconfig/alertmanager/alertmanager.yml\n');
  // `sudo o11y render`: what we wrote (and only that) goes to the user, who must be able to rewrite it.
  for (const p of [...compose.map((f) => f.path), '.gitignore', 'config', 'app']) handTreeToUser(path.join(outDir, p));
  return [...compose.map((f) => f.path), ...prepared.files.map((f) => path.join('config', f.path)), 'app/'];
}

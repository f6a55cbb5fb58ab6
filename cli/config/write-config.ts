// Writes o11y.yaml: every setting (so users see what they can change), nothing secret.
import { writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { handTreeToUser } from '../sudo-owner.js';
import type { LabConfig } from './schema.js';

const HEADER = [
  ' o11y-lab configuration: safe to commit (passwords and the Telegram token live in',
  " the state folder's secrets.yaml (.o11y/ by default), mode 0600, git-ignored). Docs: docs/stack.md.",
  ' Images: leave `images` empty for the pinned defaults, or set images.<service> (e.g. a mirror);',
  ' O11Y_IMAGE_<SERVICE> in the environment overrides both.',
].join('\n');

export function configToYaml(config: LabConfig): string {
  const doc = new YAML.Document(config);
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}

export function writeConfig(file: string, config: LabConfig): void {
  writeFileSync(file, configToYaml(config));
  // `sudo o11y init`: the file is the user's, so their next `o11y init` can rewrite it.
  handTreeToUser(file);
}

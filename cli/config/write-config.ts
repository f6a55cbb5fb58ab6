// Writes o11y.yaml: every setting (so users see what they can change), nothing secret; an existing
// file keeps the user's comments and order.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { handTreeToUser } from '../sudo-owner.js';
import type { LabConfig } from './schema.js';

const HEADER = [
  ' o11y-lab configuration: safe to commit (passwords and the Telegram token live in',
  " the state folder's secrets.yaml (.o11y/ by default), mode 0600, git-ignored). Docs: docs/stack.md.",
  ' Images: leave `images` empty for the pinned defaults, or set images.<service> (e.g. a mirror);',
  ' O11Y_IMAGE_<SERVICE> in the environment overrides both.',
].join('\n');

/**
 * o11y.yaml's text for `config`. Given the file's current text, that file is edited in place
 * (yaml's Document API): the user's comments and order stay, a changed value is replaced, a setting
 * it lacks is added at the end of its section, and `drop` (dotted paths init does not know) goes.
 */
export function configToYaml(config: LabConfig, existing?: { text: string; drop?: string[] }): string {
  if (existing === undefined) {
    const doc = new YAML.Document(config);
    doc.commentBefore = HEADER;
    return doc.toString({ lineWidth: 0 });
  }
  const doc: YAML.Document = YAML.parseDocument(existing.text);
  if (!YAML.isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  for (const setting of existing.drop ?? []) doc.deleteIn(setting.split('.'));
  mergeInto(doc, [], config);
  return doc.toString({ lineWidth: 0 });
}

/** Sets what differs, leaf by leaf, so untouched values keep their own comments. */
function mergeInto(doc: YAML.Document, at: string[], value: unknown): void {
  const current = doc.getIn(at, true);
  if (isPlainObject(value) && YAML.isMap(current)) {
    for (const [key, v] of Object.entries(value)) mergeInto(doc, [...at, key], v);
    return;
  }
  const now = YAML.isNode(current) ? current.toJSON() : current;
  if (JSON.stringify(now) === JSON.stringify(value)) return;
  // A scalar changes in place: its own comment (`app: 8001 # the gradebook`) stays with it.
  if (YAML.isScalar(current) && (value === null || typeof value !== 'object')) current.value = value;
  else doc.setIn(at, doc.createNode(value));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function writeConfig(file: string, config: LabConfig, drop: string[] = []): void {
  writeFileSync(file, configToYaml(config, existsSync(file) ? { text: readFileSync(file, 'utf8'), drop } : undefined));
  // `sudo o11y init`: the file is the user's, so their next `o11y init` can rewrite it.
  handTreeToUser(file);
}

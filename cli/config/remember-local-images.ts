// Remembers in o11y.yaml whether the lab runs its locally built images (`localImages`), so the
// next `o11y up` neither asks the registry question again nor pulls. The file is edited in place:
// the user's other settings and comments stay; a missing file is created with just this key.
import { closeSync, existsSync, readFileSync, writeSync } from 'node:fs';
import YAML from 'yaml';
import { openForUser } from '../sudo-owner.js';

const COMMENT =
  ' Run the images `o11y images build` makes (no registry needed). `o11y up` set this when no registry\n' +
  ' answered; `o11y up --images config` (or false here) goes back to the pinned registry images.';

export function rememberLocalImages(configPath: string, on: boolean): void {
  const doc = existsSync(configPath) ? YAML.parseDocument(readFileSync(configPath, 'utf8')) : new YAML.Document({});
  if (!YAML.isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  doc.set('localImages', on);
  const pair = (doc.contents as YAML.YAMLMap).items.find((p) => (YAML.isScalar(p.key) ? p.key.value : p.key) === 'localImages');
  if (pair) {
    // A key just added is a plain string: make it a node that can carry the comment.
    if (!YAML.isScalar(pair.key)) pair.key = doc.createNode('localImages');
    const key = pair.key as YAML.Scalar;
    if (!key.commentBefore) key.commentBefore = COMMENT;
  }
  // Under sudo a new o11y.yaml goes to the user, like the rest of the project folder.
  const fd = openForUser(configPath);
  try {
    writeSync(fd, doc.toString({ lineWidth: 0 }));
  } finally {
    closeSync(fd);
  }
}

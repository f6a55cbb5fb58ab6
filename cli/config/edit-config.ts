// Changes settings of an existing o11y.yaml in place: the user's comments, order and other
// settings stay as they wrote them (the yaml package's Document keeps them).
import { readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';

/** Reads `file`, lets `change` edit its document, writes it back. */
export function editConfigFile(file: string, change: (doc: YAML.Document) => void): void {
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
  change(doc);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

/** Sets targets.<name> (a new entry goes last). */
export function setTarget(file: string, name: string, target: { url: string }): void {
  editConfigFile(file, (doc) => {
    if (!YAML.isMap(doc.get('targets'))) doc.set('targets', doc.createNode({}));
    doc.setIn(['targets', name], doc.createNode(target));
  });
}

/** Removes targets.<name>; an empty `targets:` goes too. */
export function removeTarget(file: string, name: string): void {
  editConfigFile(file, (doc) => {
    doc.deleteIn(['targets', name]);
    const rest = doc.get('targets');
    if (YAML.isMap(rest) && rest.items.length === 0) doc.delete('targets');
  });
}

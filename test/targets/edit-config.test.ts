// `o11y target add` and `rm` change o11y.yaml in place: the user's comments and order stay.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import YAML from 'yaml';
import { removeTarget, setTarget } from '../../cli/config/edit-config.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-edit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('adds and removes a target, keeping every comment and the order of what the user wrote', () => {
  const file = path.join(dir, 'o11y.yaml');
  const mine = '# my lab for the course\nproject: course # short name\nports:\n  app: 8001 # 8000 is taken\nscrapeInterval: 10s\n';
  writeFileSync(file, mine);
  setTarget(file, 'shop', { url: 'http://localhost:3000/metrics' });
  setTarget(file, 'api', { url: 'http://localhost:4000/metrics' });
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith(mine), text);
  assert.deepEqual(YAML.parse(text).targets, { shop: { url: 'http://localhost:3000/metrics' }, api: { url: 'http://localhost:4000/metrics' } });
  removeTarget(file, 'shop');
  assert.deepEqual(Object.keys(YAML.parse(readFileSync(file, 'utf8')).targets), ['api']);
  removeTarget(file, 'api');
  assert.equal(readFileSync(file, 'utf8'), mine);
});

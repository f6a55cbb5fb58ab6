// The remembered choice of local images lives in o11y.yaml (localImages), edited in place.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rememberLocalImages } from '../../cli/config/remember-local-images.js';
import { loadConfig } from '../../cli/lab/load-config.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-remember-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('localImages in o11y.yaml', () => {
  test('is false by default, and loadConfig rejects a value that is not a boolean', () => {
    const file = path.join(dir, 'default.yaml');
    writeFileSync(file, 'project: demo\n');
    assert.equal(loadConfig({ configPath: file, env: {} }).config.localImages, false);
    writeFileSync(file, 'localImages: yes please\n');
    assert.throws(() => loadConfig({ configPath: file, env: {} }), /localImages must be true or false/);
  });

  test("remembering keeps the user's settings and comments, explains the key, and loads back; turning it off keeps one key", () => {
    const file = path.join(dir, 'o11y.yaml');
    writeFileSync(file, '# my lab\nproject: demo # the name\nports:\n  app: 8001\n');
    rememberLocalImages(file, true);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# my lab\nproject: demo # the name\nports:\n {2}app: 8001\n/);
    assert.match(text, /# .*`o11y up --images config`.*\nlocalImages: true\n/s);
    const loaded = loadConfig({ configPath: file, env: {} });
    assert.equal(loaded.config.localImages, true);
    assert.equal(loaded.config.ports.app, 8001);
    rememberLocalImages(file, false);
    const off = readFileSync(file, 'utf8');
    assert.equal(off.match(/localImages:/g)?.length, 1);
    assert.equal(loadConfig({ configPath: file, env: {} }).config.localImages, false);
  });

  test('with no o11y.yaml yet (a new user who never ran init), it is created with just that key', () => {
    const file = path.join(dir, 'fresh', 'o11y.yaml');
    mkdirSync(path.dirname(file));
    rememberLocalImages(file, true);
    assert.match(readFileSync(file, 'utf8'), /^# .*\nlocalImages: true\n$/s);
    assert.equal(loadConfig({ configPath: file, env: {} }).config.localImages, true);
  });
});

// What identifies a service's mounts: a reloading service's rendered files are out of its
// container's hash, hashed apart, and those found edited on disk are named (read before `up` writes).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { mountHashes } from '../../cli/lab/mount-hashes.js';
import { renderServiceFiles, staleFiles, writeRenderedFiles } from '../../cli/lab/render-files.js';
import { enabledServices } from '../../cli/services/index.js';
import { SECRETS, testConfig } from '../support/stack-fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-mounts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('a hand edit on disk is found before up writes, and named for the reloading service only', () => {
  const config = testConfig();
  const byService = renderServiceFiles(config, SECRETS);
  const files = [...byService.values()].flat();
  assert.deepEqual(staleFiles(dir, files).sort(), files.map((f) => f.path).sort(), 'missing files count as stale');
  writeRenderedFiles(dir, files);
  assert.deepEqual(staleFiles(dir, files), []);
  const promYml = path.join(dir, 'prometheus', 'prometheus.yml');
  writeFileSync(promYml, `${readFileSync(promYml, 'utf8')}# by hand\n`);
  const stale = staleFiles(dir, files);
  assert.deepEqual(stale, ['prometheus/prometheus.yml']);
  const hashes = mountHashes(enabledServices(config), byService, () => undefined, stale);
  assert.deepEqual(hashes.rewritten.prometheus, ['prometheus/prometheus.yml']);
  assert.deepEqual(hashes.rewritten.alertmanager, []);
  assert.equal(hashes.hashes.prometheus, '', "a reloading service's rendered files are not part of its container");
  assert.match(hashes.reloadHashes.prometheus ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(hashes.hashes.postgres, undefined);
});

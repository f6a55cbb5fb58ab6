// Who reads the mounted files, whatever the host: the user's umask, root or sudo, a rootful or
// rootless engine. The decisions as data, and the modes on disk under umask 077.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isRootlessEngine } from '../../cli/docker/client.js';
import { writeRenderedFiles } from '../../cli/lab/render-files.js';
import { stageFolder } from '../../cli/lab/stage-bundle.js';
import { alertmanager } from '../../cli/services/alertmanager.js';
import { DEFAULT_CONFIG, serviceContext } from '../../cli/services/index.js';
import { type HostAccess, NOBODY, secretReaderAccess } from '../../cli/stack/file-access.js';

const linux = (h: Partial<HostAccess>): HostAccess => ({ platform: 'linux', owner: { uid: 1000, gid: 1000 }, underSudo: false, rootless: false, ...h });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'o11y-file-access-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

describe('who reads alertmanager.yml (0600, may hold the bot token)', () => {
  it('as root on Linux: the files go to nobody, the user Alertmanager runs as', () => {
    assert.deepEqual(secretReaderAccess(linux({ owner: { uid: 0, gid: 0 } })), { chownTo: NOBODY, dataInStateDir: false });
  });

  it('as another Linux user: the container runs as that user, its storage in the state folder', () => {
    assert.deepEqual(secretReaderAccess(linux({})), { user: '1000:1000', dataInStateDir: true });
  });

  it('under sudo: as the user sudo ran for, and the files handed back to them (not to nobody)', () => {
    assert.deepEqual(secretReaderAccess(linux({ underSudo: true })), { user: '1000:1000', dataInStateDir: true, chownTo: { uid: 1000, gid: 1000 } });
  });

  it('on a rootless engine: as 0:0, which is the host user there (nobody maps to a stranger)', () => {
    assert.deepEqual(secretReaderAccess(linux({ rootless: true })), { user: '0:0', dataInStateDir: true });
  });

  it('on Docker Desktop (macOS): nothing special, its file sharing lets the container read', () => {
    assert.deepEqual(secretReaderAccess({ platform: 'darwin', owner: { uid: 501, gid: 20 }, underSudo: false, rootless: false }), { dataInStateDir: false });
  });

  it("Alertmanager's container follows the decision: rootless runs it as 0:0 with its data in the state folder", () => {
    const spec = alertmanager.container({ ...serviceContext(DEFAULT_CONFIG), host: linux({ rootless: true }) });
    assert.equal(spec.user, '0:0');
    assert.deepEqual(
      spec.mounts.find((m) => m.target === '/alertmanager'),
      { kind: 'state', source: 'data/alertmanager', target: '/alertmanager', readOnly: false },
    );
    const rootful = alertmanager.container({ ...serviceContext(DEFAULT_CONFIG), host: linux({ owner: { uid: 0, gid: 0 } }) });
    assert.equal(rootful.user, undefined);
    assert.equal(rootful.mounts.find((m) => m.target === '/alertmanager')?.kind, 'volume');
  });
});

describe('rootless detection from the engine (docker info SecurityOptions)', () => {
  it('name=rootless among the options: rootless', () => {
    assert.equal(isRootlessEngine(['name=seccomp,profile=default', 'name=rootless', 'name=cgroupns']), true);
  });
  it('a rootful engine (seccomp, apparmor, userns remap) is not', () => {
    assert.equal(isRootlessEngine(['name=seccomp,profile=default', 'name=apparmor', 'name=userns']), false);
    assert.equal(isRootlessEngine([]), false);
  });
});

describe('under umask 077, what containers mount is still readable', () => {
  it('rendered files keep their mode and their folders are 0755', () => {
    const old = process.umask(0o077);
    try {
      const config = path.join(tmp, 'config');
      writeRenderedFiles(config, [
        { path: 'prometheus/prometheus.yml', content: 'x: 1\n' },
        { path: 'grafana/provisioning/datasources/ds.yaml', content: 'y: 1\n' },
        { path: 'alertmanager/alertmanager.yml', content: 'token\n', mode: 0o600 },
      ]);
      assert.equal(mode(path.join(config, 'prometheus')), 0o755);
      assert.equal(mode(path.join(config, 'grafana', 'provisioning', 'datasources')), 0o755);
      assert.equal(mode(path.join(config, 'grafana', 'provisioning')), 0o755);
      assert.equal(mode(path.join(config, 'prometheus', 'prometheus.yml')), 0o644);
      assert.equal(mode(path.join(config, 'alertmanager', 'alertmanager.yml')), 0o600);
    } finally {
      process.umask(old);
    }
  });

  it('a staged package folder made under a strict umask is 0755/0644 once staged', () => {
    const old = process.umask(0o077);
    try {
      const source = path.join(tmp, 'bundle');
      mkdirSync(path.join(source, 'lib'), { recursive: true });
      writeFileSync(path.join(source, 'server.mjs'), '// app\n');
      writeFileSync(path.join(source, 'lib', 'x.js'), '// x\n');
      chmodSync(path.join(source, 'lib', 'x.js'), 0o600);
      const state = path.join(tmp, 'state');
      stageFolder(state, { source: () => source, target: 'app', required: 'server.mjs', missingHint: '' });
      assert.equal(mode(path.join(state, 'app')), 0o755);
      assert.equal(mode(path.join(state, 'app', 'lib')), 0o755);
      assert.equal(mode(path.join(state, 'app', 'lib', 'x.js')), 0o644);
      assert.equal(mode(path.join(state, 'app', 'server.mjs')), 0o644);
    } finally {
      process.umask(old);
    }
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../cli/lab/load-config.js';
import { configToYaml } from '../../cli/config/write-config.js';
import { DEFAULT_CONFIG, DEFAULT_IMAGES } from '../../cli/services/index.js';
import { resolveImages } from '../../cli/lab/resolve-images.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function withFile(yaml: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(path.join(dir, 'o11y.yaml'), yaml);
  return loadConfig({ cwd: dir, env });
}

describe('config', () => {
  it('merges o11y.yaml over the defaults, keeping what the file does not set', () => {
    const { config, stateDir } = withFile('project: lab\nports:\n  grafana: 3001\n');
    assert.equal(config.project, 'lab');
    assert.equal(config.ports.grafana, 3001);
    assert.equal(config.ports.app, DEFAULT_CONFIG.ports.app);
    assert.equal(stateDir, path.join(dir, '.o11y'));
  });

  it('rejects an unknown key and a bad port, naming them', () => {
    assert.throws(() => withFile('prots:\n  app: 1\n'), /unknown setting "prots"/);
    assert.throws(() => withFile('ports:\n  app: 70000\n'), /ports\.app must be a port number/);
  });

  it('suggests the setting a misspelt key was meant to be', () => {
    assert.throws(
      () => withFile('scrapeIntervall: 5s\n'),
      (e: Error & { hint?: string }) => /unknown setting "scrapeIntervall"/.test(e.message) && e.hint === 'Did you mean "scrapeInterval"?',
    );
    assert.throws(
      () => withFile('ports:\n  grafanna: 3001\n'),
      (e: Error & { hint?: string }) => e.hint === 'Did you mean "ports.grafana"?',
    );
  });

  it('takes only an IP address as bindAddress (Docker would publish a host name on every interface)', () => {
    assert.throws(() => withFile('bindAddress: localhost\n'), /bindAddress is "localhost": it must be an IP address/);
    assert.equal(withFile('bindAddress: "::1"\n').config.bindAddress, '::1');
    assert.equal(withFile('bindAddress: 0.0.0.0\n').config.bindAddress, '0.0.0.0');
  });

  it('rejects two services on one host port, but not a port of a service that is off', () => {
    assert.throws(() => withFile('ports:\n  grafana: 9090\n'), /ports\.prometheus is 9090, the same as ports\.grafana/);
    // cAdvisor is off by default: its port may equal another one.
    assert.equal(withFile('ports:\n  cadvisor: 9090\n').config.ports.cadvisor, 9090);
  });

  it('pins every default image to an exact tag, and O11Y_IMAGE_<SERVICE> beats the file', async () => {
    for (const ref of Object.values(DEFAULT_IMAGES)) assert.match(ref, /:[\w.-]+$/, ref);
    for (const ref of Object.values(DEFAULT_IMAGES)) assert.doesNotMatch(ref, /:latest$/, ref);
    const { config } = withFile('images:\n  prometheus: mirror.local/prom/prometheus:v2.54.1\n', { O11Y_IMAGE_POSTGRES_EXPORTER: 'mirror.local/pgx:1' });
    const resolved = await resolveImages(config, 'config');
    assert.equal(resolved.images.prometheus, 'mirror.local/prom/prometheus:v2.54.1');
    assert.equal(resolved.source.prometheus, 'override');
    assert.equal(resolved.images['postgres-exporter'], 'mirror.local/pgx:1');
    assert.equal(resolved.images.app, DEFAULT_IMAGES.app);
    assert.equal(resolved.source.app, 'default');
    assert.equal(resolved.images.cadvisor, undefined, 'cAdvisor is off by default');
  });

  it('writes an o11y.yaml that reads back to the same config', () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.project = 'roundtrip';
    config.telegram.chatId = -1001234567890;
    const back = withFile(configToYaml(config));
    assert.deepEqual(back.config, config);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { assertBuilt, o11y, ok } from '../support/o11y-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-init-'));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => assertBuilt());

const secretsFile = path.join(dir, '.o11y', 'secrets.yaml');

describe('o11y init', () => {
  it('--yes writes o11y.yaml with the flags and a 0600 secrets file that o11y.yaml does not contain', async () => {
    ok(await o11y(['init', '--yes', '--project', 'classroom', '--grafana-port', '3001', '--cadvisor'], { cwd: dir }), 'o11y init');
    const config = YAML.parse(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'));
    assert.equal(config.project, 'classroom');
    assert.equal(config.ports.grafana, 3001);
    assert.equal(config.enabled.cadvisor, true);
    assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
    const secrets = YAML.parse(readFileSync(secretsFile, 'utf8'));
    assert.ok(secrets.postgresPassword.length >= 16 && secrets.grafanaPassword.length >= 16);
    const text = readFileSync(path.join(dir, 'o11y.yaml'), 'utf8');
    for (const value of Object.values(secrets) as string[]) assert.ok(!text.includes(value), 'a secret leaked into o11y.yaml');
    assert.match(readFileSync(path.join(dir, '.o11y', '.gitignore'), 'utf8'), /^\*$/m);
  });

  it('re-running keeps the secrets and the earlier settings, changing only what is passed', async () => {
    const before = readFileSync(secretsFile, 'utf8');
    const res = ok(await o11y(['init', '--yes', '--app-port', '8001'], { cwd: dir }), 'second o11y init');
    assert.match(res.stdout, /existing passwords kept/);
    assert.equal(readFileSync(secretsFile, 'utf8'), before);
    const config = YAML.parse(readFileSync(path.join(dir, 'o11y.yaml'), 'utf8'));
    assert.equal(config.project, 'classroom');
    assert.equal(config.ports.grafana, 3001);
    assert.equal(config.ports.app, 8001);
    assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  });

  it('a bad value is refused before anything is written, and init can repair a broken file', async () => {
    const file = path.join(dir, 'o11y.yaml');
    const good = readFileSync(file, 'utf8');
    const bad = await o11y(['init', '--yes', '--project', 'Bad_Name'], { cwd: dir });
    assert.notEqual(bad.exitCode, 0);
    assert.match(bad.stderr, /project must be lowercase/);
    assert.equal(readFileSync(file, 'utf8'), good, 'init wrote a file it then refused');
    const clash = await o11y(['init', '--yes', '--grafana-port', '9090', '--prometheus-port', '9090'], { cwd: dir });
    assert.notEqual(clash.exitCode, 0);
    assert.match(clash.stderr, /9090, the same as ports\.(prometheus|grafana)/);
    // A file broken by hand: every other command refuses it, init fixes it.
    writeFileSync(file, good.replace(/^project: .*$/m, 'project: Broken_By_Hand'));
    assert.notEqual((await o11y(['render', '--out', path.join(dir, 'r')], { cwd: dir })).exitCode, 0);
    ok(await o11y(['init', '--yes', '--project', 'repaired'], { cwd: dir }), 'init repairing the file');
    assert.equal(YAML.parse(readFileSync(file, 'utf8')).project, 'repaired');
    // A misspelt setting: init drops it, says so, and keeps the rest.
    writeFileSync(file, readFileSync(file, 'utf8') + 'scrapeIntervall: 5s\n');
    const dropped = ok(await o11y(['init', '--yes'], { cwd: dir }), 'init dropping an unknown setting');
    assert.match(dropped.stdout, /dropping unknown setting\(s\) from the file: scrapeIntervall/);
    const repaired = YAML.parse(readFileSync(file, 'utf8'));
    assert.equal(repaired.project, 'repaired');
    assert.ok(!('scrapeIntervall' in repaired));
  });

  it('rejects a bad port with a message and a non-zero exit', async () => {
    const res = await o11y(['init', '--yes', '--app-port', 'eighty'], { cwd: dir });
    assert.notEqual(res.exitCode, 0);
    assert.match(res.stderr, /--app-port must be a port number/);
  });
});

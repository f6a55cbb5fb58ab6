// A target's name and URL as `o11y target add` and o11y.yaml take them, and where the lab's
// Prometheus scrapes it from.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../cli/errors.js';
import { loadConfig } from '../../cli/lab/load-config.js';
import { LAB_NAMES } from '../../cli/services/index.js';
import { checkTargetName, metricsUrl, scrapeEndpoint } from '../../cli/targets/target-address.js';

const refused = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof UserError && err.code === 'O11Y_TARGET_INVALID' && message.test(`${err.message} ${err.hint}`));

describe('target names', () => {
  it('takes plain lowercase names', () => {
    for (const name of ['shop', 'orders-api', 'a1']) checkTargetName(name, { lab: LAB_NAMES, targets: [] });
  });
  it("refuses the lab's own services and jobs, another target's name, and names Prometheus or Kubernetes would trip on", () => {
    for (const name of ['prometheus', 'app', 'postgres', 'node', 'alertmanager'])
      refused(() => checkTargetName(name, { lab: LAB_NAMES, targets: [] }), /lab's own/);
    refused(() => checkTargetName('shop', { lab: LAB_NAMES, targets: ['shop'] }), /taken by another target.*target rm shop/);
    for (const name of ['Shop', 'my_shop', '1shop', '', 'a'.repeat(41), 'shop api'])
      refused(() => checkTargetName(name, { lab: LAB_NAMES, targets: [] }), /not a plain name/);
  });
});

describe('metrics URLs', () => {
  it('keeps a full metrics URL; a bare base means /metrics; --metrics-path replaces the path', () => {
    assert.equal(metricsUrl('http://localhost:3000/metrics').href, 'http://localhost:3000/metrics');
    assert.equal(metricsUrl('http://localhost:3000').href, 'http://localhost:3000/metrics');
    assert.equal(metricsUrl('https://api.test:8443/', '/actuator/prometheus').href, 'https://api.test:8443/actuator/prometheus');
  });
  it('refuses what a scrape cannot use, saying why', () => {
    refused(() => metricsUrl('localhost:3000/metrics'), /no scheme.*http:\/\//);
    refused(() => metricsUrl('http://localhost:70000/metrics'), /port 70000, out of range/);
    refused(() => metricsUrl('http://localhost:0/metrics'), /port 0, out of range/);
    refused(() => metricsUrl('ftp://files.test/metrics'), /ftp, not http or https/);
    refused(() => metricsUrl('http://:3000/metrics'), /no host|not a URL/);
    refused(() => metricsUrl('http://me:secret@localhost:3000/metrics'), /holds a login.*committed/);
    refused(() => metricsUrl('http://localhost:3000', 'metrics'), /does not start with \//);
  });
});

describe('where the lab scrapes from', () => {
  it('this machine (localhost, 127.0.0.1, ::1) through the host gateway; other hosts as they are; default ports by scheme', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const at = scrapeEndpoint(new URL(`http://${host}:3000/metrics`));
      assert.deepEqual([at.address, at.onThisMachine], ['host.docker.internal:3000', true], host);
    }
    assert.deepEqual(scrapeEndpoint(new URL('https://api.test/m?x=1&x=2')), {
      scheme: 'https',
      address: 'api.test:443',
      metricsPath: '/m',
      params: { x: ['1', '2'] },
      onThisMachine: false,
    });
    assert.equal(scrapeEndpoint(new URL('http://shop/metrics')).address, 'shop:80');
  });
});

describe('targets in o11y.yaml', () => {
  it('a bad entry written by hand is refused naming it, as `target add` would', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-targets-yaml-'));
    try {
      const load = (targets: string) => {
        writeFileSync(path.join(dir, 'o11y.yaml'), `targets:\n${targets}`);
        return () => loadConfig({ cwd: dir, env: {} });
      };
      const invalid = (fn: () => unknown, message: RegExp) =>
        assert.throws(fn, (err: unknown) => err instanceof UserError && err.code === 'O11Y_CONFIG_INVALID' && message.test(err.message));
      invalid(load('  shop: { url: "localhost:3000" }\n'), /targets\.shop is not usable: .*no scheme/);
      invalid(load('  prometheus: { url: "http://localhost:3000" }\n'), /targets\.prometheus is not usable: .*lab's own services/);
      invalid(load('  shop: { url: "http://localhost:3000", token: "x" }\n'), /targets\.shop\.token is not a setting of a target/);
      invalid(load('  shop: "http://localhost:3000"\n'), /targets\.shop must be a mapping with a url/);
      assert.deepEqual(load('  shop: { url: "http://localhost:3000/metrics" }\n')().config.targets, { shop: { url: 'http://localhost:3000/metrics' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

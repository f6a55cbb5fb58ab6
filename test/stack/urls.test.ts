// Every URL the CLI builds to the lab's own services follows bindAddress (o11y.yaml or O11Y_BIND_ADDRESS).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labUrls } from '../../cli/alerts/alert-status.js';
import { alertRules } from '../../cli/alerts/rules.js';
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';
import { labUrl, localHost, urlHost } from '../../cli/stack/host-url.js';
import { primaryUrl, serviceUrls } from '../../cli/lab/service-urls.js';

const bound = (bindAddress: string): LabConfig => ({ ...structuredClone(DEFAULT_CONFIG), bindAddress });

describe('lab URLs', () => {
  it('connect to the loopback of a wildcard bind, and to a specific address as it is', () => {
    assert.equal(localHost('0.0.0.0'), '127.0.0.1');
    assert.equal(localHost('::'), '::1');
    assert.equal(localHost('10.0.0.5'), '10.0.0.5');
    assert.equal(urlHost('::'), '[::1]');
    assert.equal(urlHost('fd00::5'), '[fd00::5]');
    assert.equal(urlHost('[fd00::5]'), '[fd00::5]');
  });

  it('labUrl puts the configured port and path on that host, IPv6 in brackets', () => {
    assert.equal(labUrl(DEFAULT_CONFIG, 'app'), 'http://127.0.0.1:8000');
    assert.equal(labUrl(bound('10.0.0.5'), 'prometheus', '/api/v1/targets'), 'http://10.0.0.5:9090/api/v1/targets');
    assert.equal(labUrl(bound('::'), 'grafana'), 'http://[::1]:3000');
    // Issue 27: an exposed lab keeps PostgreSQL on the loopback, unless exposeAlso lists it.
    assert.equal(primaryUrl(bound('fd00::5'), 'postgres'), 'postgres://postgres@[::1]:5432/gradebook');
    assert.equal(primaryUrl({ ...bound('fd00::5'), exposeAlso: ['postgres'] }, 'postgres'), 'postgres://postgres@[fd00::5]:5432/gradebook');
    assert.ok(serviceUrls(bound('10.0.0.5'), ['app', 'alertmanager']).every((u) => u.url.startsWith('http://10.0.0.5:')));
  });

  it('the alerts client and the alert annotations use the bind address, not 127.0.0.1', () => {
    const config = bound('10.0.0.5');
    assert.deepEqual(labUrls(config), { prometheusUrl: 'http://10.0.0.5:9090', alertmanagerUrl: 'http://10.0.0.5:9093' });
    for (const rule of alertRules(config)) {
      const { hint } = rule.annotations('1');
      assert.match(hint, /Grafana \(http:\/\/10\.0\.0\.5:3000\)/, rule.name);
      assert.doesNotMatch(hint, /127\.0\.0\.1/, rule.name);
    }
  });
});

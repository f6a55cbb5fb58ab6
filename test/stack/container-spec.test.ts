import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOrder } from '../../cli/lab/build-stack.js';
import { containerPlan } from '../../cli/lab/container-spec.js';
import { LABEL } from '../../cli/stack/labels.js';
import { SECRETS, testConfig, testStack } from '../support/stack-fixtures.js';

const plan = (change?: Parameters<typeof testConfig>[0], secrets = SECRETS) => {
  const { stack } = testStack(testConfig(change));
  return Object.fromEntries(stack.services.map((s) => [s.name, containerPlan(stack, s, '/state', secrets)]));
};

describe('container plans', () => {
  it('label every container with our project, service and config hash, and bind ports to 127.0.0.1', () => {
    const app = plan().app;
    assert.equal(app.options.Labels?.[LABEL.project], 'unit');
    assert.equal(app.options.Labels?.[LABEL.service], 'app');
    assert.equal(app.options.Labels?.[LABEL.configHash], app.hash);
    assert.deepEqual(app.options.HostConfig?.PortBindings, { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8000' }] });
    assert.deepEqual(app.options.HostConfig?.Binds, ['/state/app:/srv/app:ro']);
  });

  it('give secrets to containers as 0400 files owned by their reader, never in what `docker inspect` shows', () => {
    const plans = plan((c) => (c.enabled.cadvisor = true));
    const secretValues = Object.values(SECRETS);
    for (const [service, p] of Object.entries(plans)) {
      const shown = JSON.stringify(p.options);
      for (const v of secretValues) assert.ok(!shown.includes(v), `${service}'s create options hold a secret`);
    }
    const files = (s: string) => plans[s].secretFiles.map((f) => ({ ...f }));
    assert.deepEqual(files('app'), [
      { path: '/run/secrets/postgres-password', content: SECRETS.postgresPassword, uid: 0, gid: 0 },
      { path: '/run/secrets/chaos-token', content: SECRETS.chaosToken, uid: 0, gid: 0 },
    ]);
    assert.ok(plans.app.options.Env?.includes('DATABASE_PASSWORD_FILE=/run/secrets/postgres-password'));
    assert.ok(plans.app.options.Env?.includes('CHAOS_TOKEN_FILE=/run/secrets/chaos-token'));
    assert.ok(plans.app.options.Env?.includes('DATABASE_URL=postgres://postgres@postgres:5432/gradebook'));
    // postgres' entrypoint reads it as root before it drops to postgres; Grafana runs as 472; the exporter as nobody.
    assert.deepEqual(files('postgres'), [{ path: '/run/secrets/postgres-password', content: SECRETS.postgresPassword, uid: 0, gid: 0 }]);
    assert.ok(plans.postgres.options.Env?.includes('POSTGRES_PASSWORD_FILE=/run/secrets/postgres-password'));
    assert.deepEqual(files('grafana'), [{ path: '/run/secrets/grafana-password', content: SECRETS.grafanaPassword, uid: 472, gid: 0 }]);
    assert.ok(plans.grafana.options.Env?.includes('GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana-password'));
    assert.deepEqual(files('postgres-exporter'), [{ path: '/run/secrets/postgres-password', content: SECRETS.postgresPassword, uid: 65534, gid: 0 }]);
    for (const s of ['prometheus', 'alertmanager', 'node-exporter', 'cadvisor']) assert.deepEqual(files(s), [], s);
  });

  it('give the same hash for the same config, and change only the services a change touches', () => {
    const a = plan();
    const b = plan();
    for (const s of Object.keys(a)) assert.equal(a[s].hash, b[s].hash, s);
    const moved = plan((c) => (c.ports.prometheus = 19090));
    assert.notEqual(moved.prometheus.hash, a.prometheus.hash);
    assert.equal(moved.app.hash, a.app.hash);
    // A new scrape interval changes prometheus.yml (and Grafana's datasource interval), nothing else:
    // Prometheus reloads it (its files' hash moves), its container stays.
    const scrape = plan((c) => (c.scrapeInterval = '10s'));
    const changed = Object.keys(a).filter((s) => scrape[s].hash !== a[s].hash);
    assert.notEqual(scrape.prometheus.service.reload?.filesHash, a.prometheus.service.reload?.filesHash);
    for (const s of ['app', 'postgres', 'postgres-exporter', 'alertmanager', 'prometheus']) assert.ok(!changed.includes(s), s);
    // A new database password reaches every service that uses it.
    const pw = plan(undefined, { ...SECRETS, postgresPassword: 'other' });
    assert.deepEqual(
      Object.keys(a)
        .filter((s) => pw[s].hash !== a[s].hash)
        .sort(),
      ['app', 'postgres', 'postgres-exporter'],
    );
  });

  it('start services after what they depend on', () => {
    const { stack } = testStack(testConfig((c) => (c.enabled.cadvisor = true)));
    const levels = startOrder(stack.services).map((l) => l.map((s) => s.name).sort());
    const pos = (n: (typeof levels)[number][number]) => levels.findIndex((l) => l.includes(n));
    assert.ok(pos('postgres') < pos('app'));
    assert.ok(pos('postgres') < pos('postgres-exporter'));
    assert.ok(pos('alertmanager') < pos('prometheus'));
    assert.ok(pos('prometheus') < pos('grafana'));
    assert.equal(levels.flat().length, 8);
  });
});

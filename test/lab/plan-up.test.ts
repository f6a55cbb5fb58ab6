// `up`'s plan from recorded engine states, without Docker: what each state makes `up` create,
// recreate (and why), start, wait for, keep or remove, which images it pulls and ports it checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { desiredLab } from '../../cli/lab/desired-lab.js';
import type { PullPolicy } from '../../cli/lab/ensure-images.js';
import { formatPlan } from '../../cli/lab/format-plan.js';
import { planStops, planUp } from '../../cli/lab/plan-up.js';
import type { ObservedLab } from '../../cli/lab/up-plan.js';
import { SECRETS, testConfig, testStack } from '../support/stack-fixtures.js';

const desired = (only?: string[]) => desiredLab(testStack(testConfig()).stack, '/home/me/lab/.o11y', SECRETS, only);

/**
 * A recorded state; "=wanted" stands for the config hash the stack wants now, "=ours" for this
 * lab's secrets id, "=loaded" for the config files a reloading service is to run with now.
 */
function observed(name: string): ObservedLab {
  const d = desired();
  const hash = new Map(d.services.map((p) => [p.service.name, p.hash]));
  const files = new Map(d.services.map((p) => [p.service.name, p.service.reload?.filesHash]));
  const { observed } = JSON.parse(readFileSync(new URL(`./observed/${name}.json`, import.meta.url), 'utf8')) as { observed: ObservedLab };
  for (const c of observed.containers) {
    if (c.configHash === '=wanted') c.configHash = hash.get(c.service!);
    if (c.loadedFilesHash === '=loaded') c.loadedFilesHash = files.get(c.service!);
    if (c.secretsId === '=ours') c.secretsId = d.secretsId;
  }
  for (const v of observed.volumes) if (v.secretsId === '=ours') v.secretsId = d.secretsId;
  return observed;
}

const plan = (name: string, pull: PullPolicy = 'missing', only?: string[]) => planUp(desired(only), observed(name), pull);
const actions = (p: ReturnType<typeof plan>) => Object.fromEntries(p.services.map((s) => [s.name, s.why ? `${s.action}: ${s.why}` : s.action]));
const allServices = desired().services.map((p) => p.service.name);

describe('planning up from the engine as it is', () => {
  test('a fresh engine: every service created in dependency order, every image pulled, network and volumes created, every port checked', () => {
    const p = plan('fresh-engine');
    assert.equal(p.schemaVersion, 1);
    assert.equal(p.blocked, undefined);
    assert.deepEqual(new Set(Object.values(actions(p))), new Set(['create']));
    assert.deepEqual(p.services.map((s) => s.name).sort(), [...allServices].sort());
    const step = Object.fromEntries(p.services.map((s) => [s.name, s.step]));
    assert.ok(step.postgres < step.app && step.app < step.grafana, JSON.stringify(step));
    assert.deepEqual(
      p.services.map((s) => s.step),
      [...p.services.map((s) => s.step)].sort((a, b) => a - b),
      'listed in start order',
    );
    assert.ok(p.images.length > 0 && p.images.every((i) => i.action === 'pull'));
    assert.deepEqual(p.network, { name: 'unit_default', action: 'create' });
    assert.ok(p.volumes.some((v) => v.name === 'unit_postgres-data' && v.action === 'create'));
    assert.ok(p.ports.length >= allServices.length - 1 && p.ports.every((x) => x.check === 'free'));
    assert.ok(p.secrets.some((s) => s.service === 'postgres' && s.files.length > 0));
    assert.deepEqual(p.remove, []);
  });

  test('the plan as JSON names secret files, never their values', () => {
    const json = JSON.stringify(plan('fresh-engine'));
    for (const value of Object.values(SECRETS)) assert.ok(!json.includes(value), 'a secret value is in the plan');
  });

  test('a lab up to date: nothing created, pulled, removed or checked', () => {
    const p = plan('up-to-date');
    assert.deepEqual(new Set(Object.values(actions(p))), new Set(['unchanged']));
    assert.ok(p.images.every((i) => i.action === 'present'));
    assert.equal(p.network.action, 'keep');
    assert.ok(p.volumes.every((v) => v.action === 'keep'));
    assert.deepEqual([p.remove, p.ports, p.secrets], [[], [], []]);
  });

  test('--pull always pulls every image again, and keeps the containers until a pulled image differs', () => {
    const p = plan('up-to-date', 'always');
    assert.ok(p.images.every((i) => i.action === 'pull'));
    assert.deepEqual(new Set(Object.values(actions(p))), new Set(['unchanged']));
  });

  test('a container with another config hash is recreated, and its own port is reused, not checked', () => {
    const p = plan('changed-config');
    const changed = Object.entries(actions(p)).filter(([, a]) => a !== 'unchanged');
    assert.deepEqual(changed, [['prometheus', 'recreate: configuration changed']]);
    assert.deepEqual(
      p.ports.map((x) => [x.service, x.check]),
      [['prometheus', 'reused']],
    );
  });

  test('changed config files of a service that reloads them (a new target, a threshold): reloaded, not recreated, no port checked', () => {
    const state = observed('up-to-date');
    const prometheus = state.containers.find((c) => c.service === 'prometheus')!;
    prometheus.loadedFilesHash = 'files-of-before';
    const p = planUp(desired(), state, 'missing');
    assert.deepEqual(
      Object.entries(actions(p)).filter(([, a]) => a !== 'unchanged'),
      [['prometheus', 'reload: its config files changed']],
    );
    assert.deepEqual([p.ports, p.secrets], [[], []]);
    assert.match(stripVTControlCharacters(formatPlan(p, '/home/me/lab')), /prometheus\s+reload in place/);
  });

  test('a hand edit of a rendered file (same render as loaded, other content on disk): replaced and reloaded, saying where the setting belongs', () => {
    const d = desired();
    d.services.find((p) => p.service.name === 'prometheus')!.service.reload!.rewritten = ['prometheus/prometheus.yml'];
    const p = planUp(d, observed('up-to-date'), 'missing');
    assert.deepEqual(
      Object.entries(actions(p)).filter(([, a]) => a !== 'unchanged'),
      [['prometheus', 'reload: prometheus/prometheus.yml was not as o11y.yaml renders it (edited by hand?): put back; set things in o11y.yaml']],
    );
  });

  test("a changed config file is not part of a reloading service's container: its config hash stays, its files hash moves", () => {
    const before = desiredLab(testStack(testConfig()).stack, '/l', SECRETS).services.find((p) => p.service.name === 'prometheus')!;
    const after = desiredLab(testStack(testConfig((c) => (c.alerts.requestRate.threshold = 150))).stack, '/l', SECRETS).services.find(
      (p) => p.service.name === 'prometheus',
    )!;
    assert.equal(after.hash, before.hash, 'a new threshold would recreate Prometheus');
    assert.notEqual(after.service.reload?.filesHash, before.service.reload?.filesHash);
  });

  test('a stopped container is started: its port checked free, its secret files copied in again', () => {
    const p = plan('stopped-container');
    assert.equal(actions(p).app, 'start');
    assert.deepEqual(
      p.ports.map((x) => [x.service, x.check]),
      [['app', 'free']],
    );
    assert.deepEqual(
      p.secrets.map((s) => s.service),
      ['app'],
    );
  });

  test('an image missing is pulled (with --pull never: up would stop); its running container is kept until the pull says otherwise', () => {
    const p = plan('image-missing');
    const grafana = p.images.find((i) => i.services.includes('grafana'));
    assert.equal(grafana?.action, 'pull');
    assert.ok(p.images.filter((i) => i !== grafana).every((i) => i.action === 'present'));
    assert.equal(actions(p).grafana, 'unchanged');
    assert.equal(plan('image-missing', 'never').images.find((i) => i.services.includes('grafana'))?.action, 'missing');
  });

  test('a container running another image than its tag names now is recreated', () => {
    const p = plan('image-changed');
    assert.equal(actions(p).postgres, 'recreate: image changed');
    assert.deepEqual(
      Object.entries(actions(p)).filter(([, a]) => a !== 'unchanged'),
      [['postgres', 'recreate: image changed']],
    );
  });

  test('a port held by something else is reported as such; the others are free', () => {
    const p = plan('port-held');
    assert.deepEqual(
      p.ports.filter((x) => x.check !== 'free').map((x) => [x.service, x.configKey, x.check]),
      [['prometheus', 'ports.prometheus', 'held']],
    );
  });

  test('a container of a service no longer in the stack is removed, its port reused; not with --services', () => {
    const p = plan('removed-optional-service');
    assert.deepEqual(p.remove, [{ service: 'cadvisor', container: 'c9-cadvisor' }]);
    assert.deepEqual(new Set(Object.values(actions(p))), new Set(['unchanged']));
    const only = plan('removed-optional-service', 'missing', ['app']);
    assert.deepEqual(only.remove, []);
    assert.deepEqual(only.services.map((s) => s.name).sort(), ['app', 'postgres']);
  });

  test('a container an interrupted run started, not healthy yet, is waited for, not recreated', () => {
    const p = plan('starting-container');
    assert.equal(actions(p).grafana, 'wait: started by an earlier run, not healthy yet');
    assert.deepEqual(p.ports, []);
  });

  test("volumes made with another folder's passwords block the plan, naming that folder", () => {
    const p = plan('foreign-lab');
    assert.match(p.blocked?.message ?? '', /^The lab "unit" was made with other passwords, from \/home\/other\/lab \(its secrets file\)/);
    assert.match(p.blocked?.hint ?? '', /o11y down --volumes/);
  });

  test('up would stop on a foreign lab, a held port or a forbidden pull (dry run exits 1 with its code); on the others it goes through', () => {
    assert.deepEqual(
      planStops(plan('foreign-lab')).map((s) => s.code),
      ['O11Y_SECRETS_LOST'],
    );
    assert.deepEqual(planStops(plan('port-held')), [{ code: 'O11Y_PORT_IN_USE', what: 'port 9090 (prometheus) is in use' }]);
    assert.deepEqual(
      planStops(plan('image-missing', 'never')).map((s) => s.code),
      ['O11Y_IMAGE_MISSING'],
    );
    for (const name of ['fresh-engine', 'up-to-date', 'changed-config', 'stopped-container', 'image-missing', 'removed-optional-service', 'starting-container'])
      assert.deepEqual(planStops(plan(name)), [], name);
  });

  test('as text: says nothing was changed, and lists each service with its action and why', () => {
    const text = stripVTControlCharacters(formatPlan(plan('changed-config'), '/home/me/lab'));
    assert.match(text, /^Plan for the lab "unit" on Docker \(dry run: nothing was changed\)/);
    assert.match(text, /\n\d\s+prometheus\s+recreate \(configuration changed\)\s+prom\/prometheus:/);
    assert.match(text, /\n\d\s+postgres\s+keep \(up to date\)/);
    assert.match(text, /held by the container this run replaces/);
  });
});

describe('planning an exposed lab', () => {
  test('the dry run lists the ports it checks by address: PostgreSQL and the exporters on the loopback', () => {
    const config = testConfig((c) => (c.bindAddress = '127.0.0.2'));
    const d = desiredLab(testStack(config).stack, '/home/me/lab/.o11y', SECRETS);
    const p = planUp(d, { ...observed('fresh-engine') }, 'missing');
    const by = Object.fromEntries(p.ports.map((x) => [x.service, x.address]));
    assert.equal(by.postgres, '127.0.0.1');
    assert.equal(by.prometheus, '127.0.0.2');
    const text = stripVTControlCharacters(formatPlan(p));
    const loopback = text.split('Ports to check on 127.0.0.1:')[1]?.split('\n\n')[0] ?? '';
    assert.match(loopback, /\(postgres, ports\.postgres\)/);
    assert.doesNotMatch(loopback, /prometheus/);
    assert.match(text, /Ports to check on 127\.0\.0\.2:\n(?:.*\n)*?\s+\d+ \(prometheus, ports\.prometheus\)/);
  });
});

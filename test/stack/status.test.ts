// `o11y status` when the lab is not running, and how it reports Prometheus targets.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatStatus } from '../../cli/commands/status.js';
import type { ServiceStatus } from '../../cli/lab/stack-status.js';
import { requireDocker } from '../support/docker.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

// A project name no container carries: the real engine answers with nothing.
const project = `o11y-status-test-${process.pid}`;
const cwd = scratchDir('o11y-status-test');
writeFileSync(path.join(cwd, 'o11y.yaml'), `project: ${project}\n`);
before(requireDocker);
after(() => rmSync(cwd, { recursive: true, force: true }));

const service = (s: Partial<ServiceStatus> & Pick<ServiceStatus, 'service' | 'state'>): ServiceStatus => ({ health: '-', ...s });

describe('o11y status', () => {
  it('with no container of the lab says it is not running and how to start it, exit code 1', async () => {
    const res = await o11y(['status'], { cwd });
    assert.equal(res.exitCode, 1, res.stderr);
    assert.equal(res.stdout.trim(), `The lab "${project}" is not running: \`o11y up\` starts it.`);
  });

  it('--json still prints the structure, every service missing, exit code 1', async () => {
    const res = await o11y(['status', '--json'], { cwd });
    assert.equal(res.exitCode, 1, res.stderr);
    const st = JSON.parse(res.stdout) as { project: string; services: ServiceStatus[] };
    assert.equal(st.project, project);
    assert.ok(st.services.length > 0);
    assert.ok(st.services.every((s) => s.state === 'missing'));
  });

  it('stopped containers: the table shows them, then the not-running line', () => {
    const out = formatStatus({ project: 'lab', services: [service({ service: 'app', state: 'exited' }), service({ service: 'postgres', state: 'missing' })] });
    assert.match(out, /^Lab "lab"\n/);
    assert.match(out, /app\s+exited/);
    assert.match(out, /The lab "lab" is not running: `o11y up` starts it\.$/);
  });

  it('a running lab keeps the table and has no not-running line', () => {
    const out = formatStatus({ project: 'lab', services: [service({ service: 'app', state: 'running', health: 'healthy' })] });
    assert.match(out, /app\s+running\s+healthy/);
    assert.doesNotMatch(out, /not running/);
  });

  it('when Prometheus runs but does not answer, the targets line gives the reason', () => {
    const out = formatStatus({
      project: 'lab',
      services: [service({ service: 'prometheus', state: 'running', health: 'healthy' })],
      targetsError: 'Prometheus /api/v1/targets failed: HTTP 503.',
    });
    assert.match(out, /Prometheus targets: Prometheus did not answer \(Prometheus \/api\/v1\/targets failed: HTTP 503\)\./);
  });

  it('a running service whose published port does not answer is "unreachable", with the fix', () => {
    const out = formatStatus({
      project: 'lab',
      services: [service({ service: 'app', state: 'running', health: 'healthy', url: 'http://127.0.0.1:8000/students/', reachable: false })],
    });
    assert.match(out, /app\s+running\s+unreachable/);
    assert.match(out, /app runs, but http:\/\/127\.0\.0\.1:8000\/students\/ does not answer from this machine/);
    assert.match(out, /`o11y up` restarts it; so does `docker restart lab-app`/);
  });

  it('a secrets file others can read is said, with the chmod', () => {
    const out = formatStatus({ project: 'lab', services: [service({ service: 'app', state: 'running', health: 'healthy' })], secretsMode: 0o644 });
    assert.match(out, /the secrets file is mode 0644: other users of this machine can read the passwords\. `chmod 600 \.o11y\/secrets\.yaml`/);
  });
});

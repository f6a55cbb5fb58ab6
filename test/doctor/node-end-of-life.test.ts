// `o11y doctor` on the Node that runs it: a line past its end of life is a warning with the date
// and the lines to move to; fixed versions and dates here, so no clock and no network.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { checkNodeRuntime, NODE_RELEASE_LINES } from '../../cli/doctor/node-end-of-life.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

const on = (iso: string) => new Date(`${iso}T12:00:00Z`);

test('Node 20 after 2026-04-30 warns with its end-of-life date and the supported LTS lines', () => {
  const r = checkNodeRuntime('v20.20.2', on('2026-12-08'));
  assert.equal(r.status, 'warn');
  assert.equal(r.detail, 'v20.20.2 reached its end of life on 2026-04-30: it gets no security fixes');
  assert.match(r.fix ?? '', /supported LTS line: 22 \(to 2027-04-30\), 24 \(to 2028-04-30\), 26 \(to 2029-04-30\)\./);
});

test('Node 20 on its last day is still fine, and says until when', () => {
  const r = checkNodeRuntime('v20.19.0', on('2026-04-30'));
  assert.equal(r.status, 'ok');
  assert.equal(r.detail, 'v20.19.0, security fixes until 2026-04-30');
});

test('Node 22 and 24 in December 2026 are fine; 22 warns once 2027-04-30 has passed', () => {
  assert.equal(checkNodeRuntime('v22.23.5', on('2026-12-08')).status, 'ok');
  assert.equal(checkNodeRuntime('v24.22.3', on('2026-12-08')).detail, 'v24.22.3, security fixes until 2028-04-30');
  const later = checkNodeRuntime('v22.23.5', on('2027-05-01'));
  assert.equal(later.status, 'warn');
  assert.match(later.detail, /end of life on 2027-04-30/);
  assert.doesNotMatch(later.fix ?? '', /\b22 \(/);
});

test('an odd line past its short life warns; one older than the table warns; a newer one is not judged', () => {
  assert.match(checkNodeRuntime('v25.9.0', on('2026-12-08')).detail, /end of life on 2026-06-01/);
  assert.equal(checkNodeRuntime('v16.20.2', on('2026-12-08')).status, 'warn');
  const newest = NODE_RELEASE_LINES.at(-1)?.major ?? 0;
  assert.deepEqual(checkNodeRuntime(`v${newest + 2}.0.0`, on('2026-12-08')), { id: 'node', title: 'Node.js', status: 'ok', detail: `v${newest + 2}.0.0` });
});

test('o11y doctor shows the Node that runs it', async () => {
  const cwd = scratchDir('o11y-doctor-node');
  after(() => rmSync(cwd, { recursive: true, force: true }));
  // No engine needed: a DOCKER_HOST where nothing listens fails fast, and the Node line is there regardless.
  const res = await o11y(['doctor', '--json', '--offline'], { cwd, env: { DOCKER_HOST: `unix:///tmp/o11y-no-docker-${process.pid}.sock` } });
  const node = (JSON.parse(res.stdout) as { checks: Array<{ id: string; detail: string; status: string }> }).checks.find((c) => c.id === 'node');
  assert.ok(node, res.stdout);
  assert.ok(node.detail.startsWith(process.version), node.detail);
  assert.deepEqual(node, { ...checkNodeRuntime(), detail: node.detail });
});

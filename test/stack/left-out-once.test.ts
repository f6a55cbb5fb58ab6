// A service `up` left out (Grafana with local images): the whole paragraph, why and how to add
// it, is said once, by that `up`; `status` and `open` say why in one line and point there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatStatus } from '../../cli/commands/status.js';
import { readLeftOut, writeLeftOut } from '../../cli/lab/left-out.js';
import { freePort } from '../support/free-port.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

// As cli/lab/resolve-images.ts words it.
const why = 'grafana has no local build (no OS package of it here) and its image grafana/grafana:11.2.0 is not here';
const fix =
  'To run it: `docker load -i <file>` of grafana/grafana:11.2.0 saved where a registry answers, or point images.grafana in o11y.yaml at a mirror that has it; then `o11y up`.';
const count = (text: string, part: string) => text.split(part).length - 1;

test('status says why a service was left out in one line, without the fix', () => {
  const dir = scratchDir('o11y-left-out');
  try {
    writeLeftOut(path.join(dir, '.o11y'), [{ service: 'grafana', reason: `${why}. ${fix}`, why }]);
    const [l] = readLeftOut(path.join(dir, '.o11y'));
    const out = formatStatus({
      project: 'lab',
      services: [
        { service: 'app', state: 'running', health: 'healthy' },
        { service: 'grafana', state: 'left-out', health: '-', reason: l.reason, why: l.why },
      ],
    });
    assert.match(out, /^grafana\s+left-out/m);
    assert.match(out, /^! grafana has no local build .*: left out \(`o11y up` ends with how to add it\)$/m);
    assert.equal(count(out, why), 1);
    assert.doesNotMatch(out, /docker load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('open without Grafana says why in one line, without the fix', async () => {
  const dir = scratchDir('o11y-left-out');
  try {
    // Neither Grafana nor Prometheus answers on these ports.
    writeFileSync(path.join(dir, 'o11y.yaml'), `ports:\n  grafana: ${await freePort()}\n  prometheus: ${await freePort()}\n`);
    writeLeftOut(path.join(dir, '.o11y'), [{ service: 'grafana', reason: `${why}. ${fix}`, why }]);
    const r = await o11y(['open'], { cwd: dir, env: { DISPLAY: '', WAYLAND_DISPLAY: '' } });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stderr, /Grafana is not running in this lab: grafana has no local build .*: left out \(`o11y up` ends with how to add it\)/);
    assert.doesNotMatch(r.stdout + r.stderr, /docker load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

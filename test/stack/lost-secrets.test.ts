// `up` with the secrets file gone, while the lab's data (made with its passwords) is still there.
// Seen in a trial: up refused, but wrote a secrets file of new passwords first; every later up
// then refused too, and the only way out it offered deleted the data.
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { LABEL } from '../../cli/stack/labels.js';
import { requireDocker } from '../support/docker.js';
import { assertBuilt, o11y, scratchDir } from '../support/o11y-cli.js';

const dir = scratchDir('o11y-lost-secrets');
const project = `o11y-lost-${process.pid}`;
let docker: Docker;

before(async () => {
  assertBuilt();
  docker = await requireDocker();
});
after(async () => {
  await docker
    ?.getVolume(`${project}_postgres-data`)
    .remove()
    .catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('up with the secrets file gone refuses, writes nothing, and says how to keep the data', async () => {
  writeFileSync(path.join(dir, 'o11y.yaml'), `project: ${project}\n`);
  const stateDir = path.join(dir, '.o11y');
  // The lab's volume, as `up` labels it: made with the passwords of a secrets file now deleted.
  await docker.createVolume({
    Name: `${project}_postgres-data`,
    Labels: { [LABEL.project]: project, [LABEL.secretsId]: 'made-with-lost-passwords', [LABEL.stateDir]: stateDir },
  });
  const res = await o11y(['up', '--images', 'local', '--pull', 'never'], { cwd: dir });
  assert.equal(res.exitCode, 1, res.stdout + res.stderr);
  assert.match(
    res.stderr,
    new RegExp(`The secrets file of the lab "${project}" is gone .* but its data \\(${project}_postgres-data\\) was made with the passwords it held`),
  );
  assert.match(res.stderr, /Nothing was written/);
  assert.match(res.stderr, /Put secrets\.yaml back/);
  assert.ok(!existsSync(path.join(stateDir, 'secrets.yaml')), 'no secrets file of new passwords was written');
  // Still refused the second time, for the same reason: no loop into "other passwords".
  const again = await o11y(['up', '--images', 'local', '--pull', 'never'], { cwd: dir });
  assert.match(again.stderr, /The secrets file of the lab .* is gone/);
});

// `o11y status` from another folder than the lab's shows the same states: seen in a trial, run
// elsewhere it called Grafana `missing`, where from the lab's folder it is `left-out` with why.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { writeLeftOut } from '../../cli/lab/left-out.js';
import { LABEL } from '../../cli/stack/labels.js';
import { requireDocker } from '../support/docker.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

const docker = new Docker();
const project = `o11y-elsewhere-${process.pid}`;
const labDir = scratchDir('o11y-lab-folder');
const elsewhere = scratchDir('o11y-elsewhere');
let container: Docker.Container | undefined;

before(async () => {
  await requireDocker();
  const image = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []).find((t) => t.startsWith('o11y-local/base:'));
  if (!image) throw new Error('o11y-local/base is not built: run `o11y images build` first');
  const stateDir = path.join(labDir, '.o11y');
  mkdirSync(stateDir);
  writeLeftOut(stateDir, [{ service: 'grafana', reason: 'grafana has no local build. To run it: docker load.', why: 'grafana has no local build' }]);
  // One of the lab's containers, as `up` labels it (never started: its state is enough here).
  container = await docker.createContainer({
    name: `${project}-app`,
    Image: image,
    Cmd: ['true'],
    Labels: { [LABEL.project]: project, [LABEL.service]: 'app', [LABEL.stateDir]: stateDir },
  });
});
after(async () => {
  await container?.remove({ force: true });
  rmSync(labDir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

describe('status from another folder', () => {
  it('reads what the lab recorded in its own state folder: Grafana left-out, with why', async () => {
    for (const cwd of [labDir, elsewhere]) {
      const res = await o11y(['status', '--json'], { cwd, env: { O11Y_PROJECT: project } });
      const st = JSON.parse(res.stdout) as { services: Array<{ service: string; state: string; reason?: string }> };
      const grafana = st.services.find((s) => s.service === 'grafana');
      assert.equal(grafana?.state, 'left-out', `from ${cwd}: ${res.stdout}`);
      assert.match(grafana?.reason ?? '', /no local build/);
      assert.equal(st.services.find((s) => s.service === 'app')?.state, 'created');
    }
  });
});

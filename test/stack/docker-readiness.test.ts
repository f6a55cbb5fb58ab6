// Against the real engine: images checked per pull policy, and readiness that fails at once on
// an unhealthy container with its last log lines. Uses the product's local app image.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { localImageRef } from '../../cli/images/local-images.js';
import { serviceModule } from '../../cli/services/index.js';
import { ContainerNotReadyError, waitForHealthy } from '../../cli/docker/wait-for-healthy.js';
import { ensureImages, ImagePullError } from '../../cli/lab/ensure-images.js';
import { LABEL } from '../../cli/stack/labels.js';
import { freePort } from '../support/free-port.js';
import { buildLocalImages, requireDocker } from '../support/docker.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-readiness-'));
const project = `readiness-${process.pid}`;
const quiet = { pullStart() {}, pullProgress() {}, pullDone() {} };
let docker: Docker;
let nodeImage: string;

before(async () => {
  docker = await requireDocker();
  await buildLocalImages(dir);
  nodeImage = (await localImageRef(serviceModule('app')))!;
});

after(async () => {
  for (const c of await docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${project}`] } })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('images and readiness on the real engine', { timeout: 120_000 }, () => {
  it('--pull never with an absent image names it and the override', async () => {
    await assert.rejects(ensureImages([{ service: 'prometheus', ref: 'o11y-test/absent:1' }], 'never', quiet), (err: Error) => {
      assert.match(err.message, /Image o11y-test\/absent:1 \(prometheus\) is not present and --pull never/);
      assert.match((err as ImagePullError).hint ?? '', /images\.prometheus.*O11Y_IMAGE_PROMETHEUS.*o11y images build/);
      return true;
    });
  });

  it('a registry that does not answer fails the pull at once, as unreachable, naming the image', async () => {
    // A registry address on this host's loopback where nothing listens: no traffic leaves the machine.
    const ref = `127.0.0.1:${await freePort()}/o11y-test/absent:1`;
    await assert.rejects(ensureImages([{ service: 'grafana', ref }], 'missing', quiet), (err: Error) => {
      assert.ok(err instanceof ImagePullError, String(err));
      assert.equal(err.registryUnreachable, true);
      assert.match(err.message, new RegExp(`Cannot pull ${ref.replace(/[./]/g, '\\$&')} \\(grafana\\): no registry answers`));
      return true;
    });
  });

  it('a local build is never pulled, even with --pull always: present it is used, absent it names `o11y images build`', async () => {
    let pulls = 0;
    const counting = { ...quiet, pullStart: () => void pulls++ };
    const ids = await ensureImages([{ service: 'app', ref: nodeImage }], 'always', counting);
    assert.ok(ids.get(nodeImage), 'the present local build is used');
    await assert.rejects(
      ensureImages([{ service: 'app', ref: 'o11y-local/app:000000000000' }], 'always', counting),
      /The local build o11y-local\/app:000000000000 \(app\) is not here/,
    );
    assert.equal(pulls, 0, 'nothing was pulled');
  });

  it('an unhealthy container fails at once, with its last log lines', async () => {
    const c = await docker.createContainer({
      name: `${project}-unhealthy`,
      Image: nodeImage,
      Cmd: ['node', '-e', "console.log('listening... not really'); setInterval(() => {}, 1000)"],
      Labels: { [LABEL.project]: project },
      Healthcheck: { Test: ['CMD', 'node', '-e', 'process.exit(1)'], Interval: 300e6, Timeout: 5e9, Retries: 1, StartPeriod: 0 },
    });
    await c.start();
    const started = Date.now();
    await assert.rejects(waitForHealthy(c.id, 'demo', { timeoutMs: 60_000 }), (err: Error) => {
      assert.ok(err instanceof ContainerNotReadyError);
      assert.match(err.message, /demo is unhealthy/);
      assert.ok(
        err.logLines.some((l) => l.includes('listening... not really')),
        err.logLines.join('\n'),
      );
      return true;
    });
    assert.ok(Date.now() - started < 30_000, 'unhealthy must not wait for the timeout');
  });
});

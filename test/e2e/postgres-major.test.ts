// `up` on a data volume made by another PostgreSQL major: refused before anything is created,
// with both majors and the ways out, never a container that loops unhealthy. The volume is
// marked as made by 16 (the official default before this lab settled on one major) through the
// engine's archive API; the local build is 15.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import { localImageRef } from '../../cli/images/local-images.js';
import { downStack } from '../../cli/lab/down-stack.js';
import { PG_MAJOR, postgres } from '../../cli/services/postgres.js';
import { LABEL } from '../../cli/stack/labels.js';
import { volumeName } from '../../cli/stack/model.js';
import { buildLocalImages, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { assertBuilt, o11y } from '../support/o11y-cli.js';

const project = `e2e-pgmajor-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-pgmajor-'));
const volume = volumeName(project, postgres.dataVersion!.volume);
let docker: Docker;

/** A one-file tar archive (ustar), what putArchive takes. */
function tarOf(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
  header.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  header.write('0', 156);
  header.write('ustar\0' + '00', 257);
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  await buildLocalImages(dir);
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project, ports: await freeLabPorts() }));
  const image = await localImageRef(postgres);
  assert.ok(image, 'no local postgres build');
  // The volume as PostgreSQL 16 leaves it (only PG_VERSION matters to the guard and to postgres).
  await docker.createVolume({ Name: volume, Labels: { [LABEL.project]: project } });
  const writer = await docker.createContainer({ Image: image, Entrypoint: ['true'], HostConfig: { Binds: [`${volume}:/data`] } });
  try {
    await writer.putArchive(tarOf('PG_VERSION', '16\n'), { path: '/data' });
  } finally {
    await writer.remove({ force: true });
  }
});

after(async () => {
  await downStack(project, { volumes: true });
  await docker
    .getVolume(volume)
    .remove()
    .catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('up on a data volume of another PostgreSQL major', { timeout: 5 * 60_000 }, () => {
  it('refuses before creating anything, naming both majors and the ways out', async () => {
    const res = await o11y(['up', '--images', 'local', '--pull', 'never', '--services', 'postgres'], { cwd: dir });
    assert.notEqual(res.exitCode, 0, res.stdout);
    assert.match(res.stderr, new RegExp(`volume ${volume}\\) was made by PostgreSQL 16, and o11y-local/postgres:[0-9a-f]+ is PostgreSQL ${PG_MAJOR}`));
    assert.match(res.stderr, /Nothing was changed/);
    assert.match(res.stderr, /images\.postgres: postgres:16-bookworm/);
    assert.match(res.stderr, /o11y down --volumes` DELETES/);
    assert.doesNotMatch(res.stderr, /unexpected error|at .*\.js:\d+/);
    assert.deepEqual((await projectObjects(docker, project)).containers, [], 'a container was created');
    const probes = await docker.listContainers({ all: true, filters: { label: [`${LABEL.probe}=${project}`] } });
    assert.deepEqual(probes, [], 'the probe container was left behind');
  });
});

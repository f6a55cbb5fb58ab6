// `o11y up --dry-run` through the built CLI against the real engine: it prints the plan and
// changes nothing (no file or folder, no container, network, volume or image, no lab lock).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import type { UpPlan } from '../../cli/lab/up-plan.js';
import { freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { o11y, ok, scratchDir } from '../support/o11y-cli.js';

const project = `dryrun-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const dir = scratchDir('o11y-up-dry-run');
let docker: Docker;

const present = async (ref: string) =>
  docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );

before(async () => {
  docker = await requireDocker();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('up --dry-run', () => {
  test('in a fresh folder: prints the plan, exits 0, and writes, creates and pulls nothing', async () => {
    const env = { O11Y_PROJECT: project };
    const json = ok(await o11y(['up', '--dry-run', '--json'], { cwd: dir, env }), 'o11y up --dry-run --json');
    const plan = JSON.parse(json.stdout) as UpPlan;
    assert.equal(plan.schemaVersion, 1);
    assert.equal(plan.project, project);
    assert.ok(plan.services.length > 0 && plan.services.every((s) => s.action === 'create'));
    assert.equal(plan.network.action, 'create');
    assert.ok(plan.files.some((f) => f.path === path.join(dir, '.o11y', 'secrets.yaml') && f.action === 'create'));
    assert.ok(plan.notes.some((n) => n.includes(`no ${path.join(dir, 'o11y.yaml')}: up runs on the defaults`)));
    const absent = [];
    for (const i of plan.images) if (!(await present(i.ref))) absent.push(i.ref);

    const text = ok(await o11y(['up', '--dry-run'], { cwd: dir, env }), 'o11y up --dry-run');
    assert.match(text.stdout, new RegExp(`^Plan for the lab "${project}" on Docker \\(dry run: nothing was changed\\)`));
    assert.match(text.stdout, /\+ create \.o11y\/secrets\.yaml: new passwords, mode 0600/);
    assert.match(text.stdout, /\n1\s+postgres\s+create\s+/);

    assert.deepEqual(readdirSync(dir), [], 'no file or folder was written (no o11y.yaml, no .o11y, no lock)');
    assert.deepEqual(await projectObjects(docker, project), { containers: [], networks: [], volumes: [] });
    for (const ref of absent) assert.equal(await present(ref), false, `${ref} was pulled`);
  });

  test('a flag that up would remember is shown as a write to o11y.yaml, which stays as it was', async () => {
    const file = path.join(dir, 'o11y.yaml');
    writeFileSync(file, YAML.stringify({ project, ports: await freeLabPorts() }));
    const before = { text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs };
    const res = ok(await o11y(['up', '--dry-run', '--json', '--images', 'local', '--pull', 'never'], { cwd: dir }), 'o11y up --dry-run --images local');
    const plan = JSON.parse(res.stdout) as UpPlan;
    assert.deepEqual(
      plan.files.filter((f) => f.path === file),
      [{ path: file, action: 'update', why: 'localImages: true (remembers --images local)' }],
    );
    assert.deepEqual({ text: readFileSync(file, 'utf8'), mtime: statSync(file).mtimeMs }, before);
    assert.equal(existsSync(path.join(dir, '.o11y')), false);
  });

  test('--json without --dry-run is refused, naming the pair', async () => {
    const res = await o11y(['up', '--json'], { cwd: dir });
    assert.equal(res.exitCode, 1);
    assert.match(res.stderr, /--json goes with --dry-run: it prints the plan as data\.\n {2}o11y up --dry-run --json/);
  });
});

// A new user with no registry: the first `o11y up` in a terminal says no registry answers, says
// Grafana would be left out BEFORE asking, builds (here: finds) the local images on "yes", and
// remembers the choice in o11y.yaml; the next plain `o11y up` neither asks nor pulls; the URL table
// lists Grafana as not running with why and the fix; `--images config` goes back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import YAML from 'yaml';
import { downStack } from '../../cli/lab/down-stack.js';
import { grafana } from '../../cli/services/grafana.js';
import { SERVICES } from '../../cli/services/index.js';
import { isBuildable } from '../../cli/images/recipes.js';
import { freePort } from '../support/free-port.js';
import { buildLocalImages, freeLabPorts, requireDocker } from '../support/docker.js';
import { inTerminal, shellLine } from '../support/terminal.js';
import { ROOT, assertBuilt, o11y } from '../support/o11y-cli.js';

const project = `remember-${process.pid}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-e2e-remember-'));
const configFile = path.join(dir, 'o11y.yaml');
let docker: Docker;
let env: Record<string, string>;

before(async () => {
  assertBuilt();
  docker = await requireDocker();
  await buildLocalImages(dir);
  // Grafana's official image must not be here, or it would run (`docker load` is one of the fixes).
  const grafanaHere = await docker
    .getImage(grafana.image.default)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (grafanaHere) throw new Error(`${grafana.image.default} is present on this engine: remove it (docker rmi) for this test, which needs Grafana left out`);
  writeFileSync(configFile, YAML.stringify({ project, ports: await freeLabPorts() }));
  // "No registry": every buildable service's image points at a registry on loopback where nothing listens.
  // The first pull (PostgreSQL's, in start order) fails, so no other image, Grafana's included, is asked for.
  const registry = `127.0.0.1:${await freePort()}`;
  env = Object.fromEntries(
    SERVICES.filter((s) => isBuildable(s.name)).map((s) => [`O11Y_IMAGE_${s.name.toUpperCase().replace(/-/g, '_')}`, `${registry}/o11y-test/${s.name}:1`]),
  );
});

after(async () => {
  await downStack(project, { volumes: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('the choice of local images, made once', { timeout: 20 * 60_000 }, () => {
  it('first up in a terminal: Grafana said before the question; "yes" runs the lab and remembers localImages: true', async () => {
    const command = shellLine([process.execPath, path.join(ROOT, 'bin', 'o11y.js'), 'up']);
    const res = await inTerminal(command, { cwd: dir, env, answers: [[/Build the images locally and continue/, 'y']], timeoutMs: 10 * 60_000 });
    assert.equal(res.unanswered, 0, res.screen);
    assert.equal(res.code, 0, res.screen);
    const screen = res.screen;
    assert.match(screen, /Cannot pull 127\.0\.0\.1:\d+\/o11y-test\/postgres:1 \(postgres\): no registry answers/);
    const said = screen.indexOf('! grafana has no local build');
    const asked = screen.indexOf('Build the images locally and continue');
    assert.ok(said >= 0 && said < asked, `Grafana must be said before the question:\n${screen}`);
    assert.match(screen, /Remembered: localImages: true in .*o11y\.yaml/);
    assert.match(screen, /lab "remember-\d+" is up/);
    // The URL table lists Grafana as not running, with why; its fix (docker load or a mirror) follows.
    assert.match(screen, /Grafana +not running: grafana has no local build/);
    assert.match(screen, /grafana: To run it: `docker load -i <file>` of grafana\/grafana:[\d.]+/);
    // The paragraph's long part, how to add Grafana, once in one `up` (issue 29: it came twice).
    assert.equal(screen.split('To run it:').length - 1, 1, screen);
    const saved = YAML.parse(readFileSync(configFile, 'utf8'));
    assert.equal(saved.localImages, true);
    assert.equal(saved.project, project, 'the rest of o11y.yaml is kept');
  });

  it('the next plain up (no terminal) neither asks nor pulls', async () => {
    const res = await o11y(['up'], { cwd: dir, env, timeoutMs: 5 * 60_000 });
    assert.equal(res.exitCode, 0, res.stdout + res.stderr);
    assert.doesNotMatch(res.stdout + res.stderr, /pulling|no registry answers|Build the images/);
    assert.match(res.stdout, /nothing changed/);
  });

  it('up --images config goes back to the registry images and says so in o11y.yaml', async () => {
    const res = await o11y(['up', '--images', 'config', '--pull', 'never'], { cwd: dir, env, timeoutMs: 2 * 60_000 });
    assert.match(res.stdout, /Back to the registry images: localImages: false in /);
    // The registry images are not here (and --pull never): it stops naming one, having changed nothing else.
    assert.notEqual(res.exitCode, 0);
    assert.match(res.stderr, /is not present and --pull never forbids pulling it/);
    assert.equal(YAML.parse(readFileSync(configFile, 'utf8')).localImages, false);
  });
});

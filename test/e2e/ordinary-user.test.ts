// The users' own path: an ordinary user in the docker group, umask 077, in their own home
// folder, runs init, up --images local, load --preset trigger-alert (delivered to the fake
// Telegram on the lab's network), status and down --volumes; one `sudo o11y up` in between must
// not break their next `o11y up`; and nothing is left that they cannot remove. Needs root (to
// make the test user) and the rootful engine every test uses.
import assert from 'node:assert/strict';
import { lchownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { execa } from 'execa';
import YAML from 'yaml';
import { ensureSecrets } from '../../cli/config/secrets.js';
import { downStack } from '../../cli/lab/down-stack.js';
import { LABEL } from '../../cli/stack/labels.js';
import { eventually } from '../support/eventually.js';
import { startFakeTelegramContainer, type FakeTelegramContainer } from '../support/fake-telegram-container.js';
import { freePortBesides } from '../support/free-port.js';
import { buildLocalImages, freeLabPorts, projectObjects, requireDocker } from '../support/docker.js';
import { assertBuilt, ROOT } from '../support/o11y-cli.js';
import { createTestUser, o11yAsUser, removeTestUser, type TestUser, userEnv } from '../support/test-user.js';

const user = `o11yu${process.pid}`;
const home = `/home/${user}`;
const dir = path.join(home, 'lab');
const stateDir = path.join(dir, '.o11y');
const project = `e2e-user-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
const TOKEN = '424242:e2e-user-fake-token';
const CHAT = -1001122334455;
const TEST_LABEL = 'dev.o11y-lab.test';
let docker: Docker;
let ports: Record<string, number>;
let fakePort: number;
let fake: FakeTelegramContainer | undefined;
let ids: { uid: number; gid: number };
let testUser: TestUser;

/** `o11y <args>` as the test user, umask 077, in their folder (or as root under sudo's variables). */
async function as(who: 'user' | 'sudo', args: string[], timeoutMs = 300_000) {
  const res =
    who === 'user'
      ? await o11yAsUser(testUser, args, timeoutMs)
      : await execa(process.execPath, [path.join(ROOT, 'bin', 'o11y.js'), ...args], {
          cwd: dir,
          env: { ...userEnv(testUser), SUDO_UID: String(ids.uid), SUDO_GID: String(ids.gid) },
          reject: false,
          timeout: timeoutMs,
        });
  const out = { exitCode: res.exitCode ?? 1, stdout: String(res.stdout), stderr: String(res.stderr) };
  if (out.exitCode !== 0) throw new Error(`o11y ${args.join(' ')} (${who}) exited ${out.exitCode}\n--- stdout\n${out.stdout}\n--- stderr\n${out.stderr}`);
  return out;
}

/** Paths under the user's folder that are not theirs (what they could not rewrite or remove). */
async function notOwnedByUser(): Promise<string[]> {
  const res = await execa('find', [dir, '!', '-user', user, '-print'], { reject: false });
  return String(res.stdout).split('\n').filter(Boolean);
}

before(async () => {
  assertBuilt();
  assert.equal(process.getuid?.(), 0, 'this test makes a test user: run it as root (npm test does)');
  docker = await requireDocker();
  await buildLocalImages();
  testUser = await createTestUser(user, ['docker']);
  ids = { uid: testUser.uid, gid: testUser.gid };
  ports = await freeLabPorts();
  fakePort = await freePortBesides(Object.values(ports));
});

after(async () => {
  if (fake) await fake.container.remove({ force: true }).catch(() => undefined);
  await downStack(project, { volumes: true });
  // A step that failed before init wrote o11y.yaml leaves the next ones on the defaults (project
  // "o11y", the default ports): take down whatever this test's folder started.
  const strays = await docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=o11y`, `${LABEL.stateDir}=${stateDir}`] } });
  if (strays.length) await downStack('o11y', { volumes: true });
  await removeTestUser(user);
});

describe('an ordinary user with umask 077 runs the whole lab', { timeout: 20 * 60_000 }, () => {
  it('init writes o11y.yaml and the secrets as the user', async () => {
    await as('user', ['init', '--yes', '--project', project]);
    // Test-short alert windows, free ports, Telegram aimed at the fake on the lab's network.
    const file = path.join(dir, 'o11y.yaml');
    const config = YAML.parse(readFileSync(file, 'utf8'));
    Object.assign(config, {
      ports: { ...config.ports, ...ports },
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      alerts: { ...config.alerts, requestRate: { threshold: 100, window: '10s', for: '5s' } },
      telegram: { chatId: CHAT, apiUrl: 'http://fake-telegram:8081' },
    });
    writeFileSync(file, YAML.stringify(config));
    // The token as `o11y init --telegram-token` would store it, without init asking the real Telegram.
    ensureSecrets(stateDir, { telegramBotToken: TOKEN });
    for (const f of [file, path.join(stateDir, 'secrets.yaml')]) lchownSync(f, ids.uid, ids.gid);
    assert.equal(statSync(path.join(stateDir, 'secrets.yaml')).mode & 0o777, 0o600);
  });

  it('up --images local brings every service to healthy (Prometheus reads its config, Alertmanager its 0600 one)', async () => {
    await as('user', ['up', '--images', 'local', '--pull', 'never']);
    const objects = await projectObjects(docker, project);
    assert.ok(objects.containers.length >= 6, JSON.stringify(objects.containers));
    for (const c of objects.containers) {
      const info = await docker.getContainer(c.id).inspect();
      assert.equal(info.State.Health?.Status, 'healthy', `${c.service} is ${info.State.Health?.Status}`);
      if (c.service === 'alertmanager') assert.equal(info.Config.User, `${ids.uid}:${ids.gid}`);
    }
    const am = path.join(stateDir, 'config', 'alertmanager', 'alertmanager.yml');
    assert.deepEqual([statSync(am).mode & 0o777, statSync(am).uid], [0o600, ids.uid]);
    assert.equal(statSync(path.join(stateDir, 'config', 'prometheus')).mode & 0o777, 0o755);
  });

  it('load --preset trigger-alert fires HighRequestRate and the fake Telegram receives it', async () => {
    const started = await startFakeTelegramContainer(docker, { project, token: TOKEN, chat: CHAT, hostPort: fakePort, labels: { [TEST_LABEL]: project } });
    fake = started;
    const received = started.received;
    await eventually('the fake Telegram answering', received, { timeoutMs: 30_000, intervalMs: 500 });
    const res = await as('user', ['load', '--preset', 'trigger-alert', '--target', `http://127.0.0.1:${ports.app}`]);
    assert.match(res.stdout + res.stderr, /delivered/i);
    assert.ok(
      (await received()).some((r) => r.method === 'sendMessage' && /HighRequestRate/.test(r.body.text ?? '')),
      'no HighRequestRate message',
    );
  });

  it('status --json shows every running service healthy', async () => {
    const st = JSON.parse((await as('user', ['status', '--json'])).stdout) as { services: Array<{ service: string; state: string; health: string }> };
    const running = st.services.filter((s) => s.state === 'running');
    assert.ok(running.length >= 6);
    for (const s of running) assert.equal(s.health, 'healthy', s.service);
  });

  it('one `sudo o11y up` leaves everything the user’s, and their next up changes nothing', async () => {
    await as('sudo', ['up', '--images', 'local', '--pull', 'never']);
    assert.deepEqual(await notOwnedByUser(), []);
    const res = await as('user', ['up', '--images', 'local', '--pull', 'never']);
    assert.match(res.stdout, /nothing changed/);
  });

  it('down --volumes removes the lab, and the user can remove everything left in their folder', async () => {
    if (fake) await fake.container.remove({ force: true });
    fake = undefined;
    await as('user', ['down', '--volumes']);
    const objects = await projectObjects(docker, project);
    assert.deepEqual([objects.containers, objects.volumes, objects.networks], [[], [], []]);
    assert.deepEqual(await notOwnedByUser(), []);
    const rm = await execa('runuser', ['-u', user, '--', 'rm', '-rf', dir], { reject: false });
    assert.equal(rm.exitCode, 0, String(rm.stderr));
  });
});

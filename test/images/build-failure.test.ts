// A failing image build says which image failed, shows the last lines of its log and where
// the full log is, and keeps the previous good image. The failure here is a real one users
// meet: an HTTP proxy that does not answer (a closed port on loopback; nothing else is contacted).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { requireDocker } from '../support/docker.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

const cwd = scratchDir('o11y-images-fail');
before(requireDocker);
after(() => rmSync(cwd, { recursive: true, force: true }));

test('a build that cannot reach its mirror fails with the log tail and the log path, exit 1', { timeout: 10 * 60_000 }, async () => {
  // Shared images first (a no-op when they exist), so only the rebuild below can fail.
  const prepared = await o11y(['images', 'build', 'alertmanager'], { cwd, timeoutMs: 25 * 60_000 });
  assert.equal(prepared.exitCode, 0, prepared.stdout + prepared.stderr);
  const closed = 'http://127.0.0.1:9';
  // As `sudo o11y images build` runs it (the base image needs root): the log is the user's, not root's.
  const res = await o11y(['images', 'build', '--rebuild', 'alertmanager'], {
    cwd,
    env: { http_proxy: closed, HTTP_PROXY: closed, SUDO_UID: '4242', SUDO_GID: '4243' },
    timeoutMs: 5 * 60_000,
  });
  assert.equal(res.exitCode, 1, res.stdout + res.stderr);
  assert.match(res.stdout, /✖ alertmanager\s+failed after [\d.]+ s: a RUN step exited with code 100/);
  assert.match(res.stdout, /│ .*127\.0\.0\.1/, 'the log tail shows the proxy failure');
  const logPath = path.join(cwd, '.o11y', 'logs', 'images-alertmanager.log');
  assert.match(res.stdout, new RegExp(`full log: ${logPath.replace(/[.]/g, '\\.')}`));
  assert.ok(existsSync(logPath));
  // (The folder may predate this run; only what a run creates is handed over. As non-root, nothing is.)
  const expected = process.getuid?.() === 0 ? '4242:4243' : `${process.getuid?.()}:${process.getgid?.()}`;
  assert.equal(`${statSync(logPath).uid}:${statSync(logPath).gid}`, expected, 'the log belongs to the sudo user');
  assert.match(readFileSync(logPath, 'utf8'), /apt-get update/);
  assert.match(res.stderr, /Could not build alertmanager/);
  // The good image from before is still there and still current.
  const again = await o11y(['images', 'build', 'alertmanager'], { cwd });
  assert.match(again.stdout, /✔ alertmanager\s+up to date/);
});

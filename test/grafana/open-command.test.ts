// `o11y open`: hands the dashboard URL to the platform opener, or prints it when there is none.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openerFor } from '../../cli/grafana/open-url.js';
import { freePort } from '../support/free-port.js';
import { startTempPrometheus } from '../support/prometheus.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI (`npm run build` first, as for test/cli) in `dir`, where its o11y.yaml lives. */
function o11y(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin', 'o11y.js'), ...args], { cwd: dir, env: { ...env, NO_COLOR: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const baseEnv = { PATH: process.env.PATH, HOME: dir };

describe('o11y open', () => {
  // Grafana cannot run here: a loopback stand-in answers its health endpoint, as a running one would.
  const grafana = http.createServer((_req, res) => res.end('{"database":"ok"}'));
  let port = 0;
  before(async () => {
    await new Promise<void>((r) => grafana.listen(0, '127.0.0.1', r));
    port = (grafana.address() as AddressInfo).port;
    writeFileSync(path.join(dir, 'o11y.yaml'), `ports:\n  grafana: ${port}\n`);
  });
  after(() => grafana.close());

  test("--print prints the dashboard URL from o11y.yaml's port", async () => {
    const r = await o11y(['open', 'postgres', '--print'], baseEnv);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `http://127.0.0.1:${port}/d/o11y-postgres`);
  });

  test('runs xdg-open with the overview URL when a display is there', async () => {
    const bin = path.join(dir, 'bin');
    const seen = path.join(dir, 'opened.txt');
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > ${seen}\n`);
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    const r = await o11y(['open'], { ...baseEnv, DISPLAY: ':9', PATH: `${bin}:${process.env.PATH}` });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /opened Lab overview/);
    for (let i = 0; i < 50 && !existsSync(seen); i++) await new Promise((res) => setTimeout(res, 100));
    assert.equal(readFileSync(seen, 'utf8').trim(), `http://127.0.0.1:${port}/d/o11y-overview`);
  });

  test('prints the URL and why when no browser can be opened', async () => {
    const r = await o11y(['open', 'service'], { ...baseEnv, DISPLAY: '', WAYLAND_DISPLAY: '' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${port}/d/o11y-service`));
    assert.match(r.stdout, /not opened: no graphical display/);
  });

  test('with Grafana not answering it says so instead of opening a dead page; left out, it says why', async () => {
    // Neither Grafana nor Prometheus answers: both on ports nobody listens on. Prometheus' port is
    // set too, or a lab running on this machine (Prometheus on the default 9090) would be offered
    // instead, and `open` would rightly exit 0.
    const config = path.join(dir, 'nothing-answers.yaml');
    const [grafanaDown, prometheusDown] = [await freePort(), await freePort()];
    writeFileSync(config, `ports:\n  grafana: ${grafanaDown}\n  prometheus: ${prometheusDown}\n`);
    const down = await o11y(['open', '--config', config], baseEnv);
    assert.equal(down.code, 1);
    assert.match(down.stderr, new RegExp(`Grafana does not answer at http://127\\.0\\.0\\.1:${grafanaDown}`));
    assert.match(down.stderr, /o11y status/);
    mkdirSync(path.join(dir, '.o11y'), { recursive: true });
    writeFileSync(
      path.join(dir, '.o11y', 'left-out.json'),
      JSON.stringify([{ service: 'grafana', reason: 'grafana has no local build (no OS package of it here).' }]),
    );
    const left = await o11y(['open', '--config', config], baseEnv);
    assert.equal(left.code, 1);
    assert.match(left.stderr, /Grafana is not running in this lab: grafana has no local build/);
    rmSync(path.join(dir, '.o11y'), { recursive: true, force: true });
  });

  test("without Grafana but with Prometheus, it offers the dashboard's main query in Prometheus' graph page", async () => {
    // A real Prometheus (Debian's binary), as queries.test.ts starts it: its /-/ready and its query API.
    const prometheus = await startTempPrometheus('global:\n  scrape_interval: 15s\n');
    const promPort = Number(new URL(prometheus.url).port);
    const config = path.join(dir, 'no-grafana.yaml');
    writeFileSync(config, `ports:\n  prometheus: ${promPort}\n  grafana: ${port}\nenabled:\n  grafana: false\n`);
    try {
      const r = await o11y(['open', 'service', '--config', config], { ...baseEnv, DISPLAY: '', WAYLAND_DISPLAY: '' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Grafana is turned off in this lab \(enabled\.grafana: false\)/);
      const url = new URL(/http:\S+/.exec(r.stdout)?.[0] ?? 'http://missing');
      assert.equal(url.origin, `http://127.0.0.1:${promPort}`);
      assert.equal(url.pathname, '/graph');
      // A query Prometheus can run as it is: no Grafana variables left in it.
      const query = url.searchParams.get('g0.expr') ?? '';
      assert.match(query, /http_requests_total\{job="app",handler!="\/metrics"\}\[1m\]/);
      assert.doesNotMatch(query, /\$/);
      // The page's query runs in that Prometheus (a parse error would reject it), and the page is there.
      await prometheus.query(query);
      assert.equal((await fetch(url)).status, 200);
    } finally {
      await prometheus.stop();
    }
  });

  test('an exposed Prometheus asking for the login: the URL, then who to log in as and where the password is (never the password)', async () => {
    // As Prometheus behind its web config answers a request without the login.
    const prometheus = http.createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic' });
      res.end('Unauthorized');
    });
    await new Promise<void>((r) => prometheus.listen(0, '127.0.0.1', r));
    const promPort = (prometheus.address() as AddressInfo).port;
    const config = path.join(dir, 'exposed.yaml');
    writeFileSync(config, `ports:\n  prometheus: ${promPort}\n  grafana: ${port}\nenabled:\n  grafana: false\n`);
    try {
      const r = await o11y(['open', 'service', '--config', config], { ...baseEnv, DISPLAY: '', WAYLAND_DISPLAY: '' });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${promPort}/graph\\?`));
      assert.match(r.stdout, new RegExp(`Log in as o11y, password: webPassword in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.o11y/secrets\\.yaml`));
      assert.doesNotMatch(r.stdout, /:[^/\s]+@/, 'no credentials in a URL');
    } finally {
      prometheus.close();
    }
  });

  test('an unknown dashboard fails with the valid names', async () => {
    const r = await o11y(['open', 'mysql'], baseEnv);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no dashboard "mysql"/);
    assert.match(r.stderr, /overview, service, postgres/);
  });

  test('the opener is open on macOS and start on Windows', () => {
    assert.deepEqual((openerFor('darwin', {}) as { command: string }).command, 'open');
    const win = openerFor('win32', {}) as { command: string; args: (u: string) => string[] };
    assert.deepEqual(win.args('http://x/?a=1&b=2'), ['/c', 'start', '""', 'http://x/?a=1^&b=2']);
  });
});

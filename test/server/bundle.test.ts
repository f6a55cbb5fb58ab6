// The shipped service: dist/app/server.mjs run by a plain `node`, as the stack's stock Node
// image runs it. It runs from a copy in an empty temp folder (no node_modules anywhere
// above it), which proves the bundle needs nothing installed beside it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../support/free-port.js';
import { startTempPostgres, type TempPostgres } from '../support/postgres.js';
import { startProcess } from '../support/child-process.js';
import { httpOk } from '../support/ready-check.js';
import { ROOT, assertBuilt } from '../support/o11y-cli.js';

const builtBundle = path.join(ROOT, 'dist', 'app', 'server.mjs');
const TOKEN = 'bundle-test-token';
let pg: TempPostgres;
let appDir: string;
let bundlePath: string;
before(async () => {
  assertBuilt(builtBundle);
  appDir = mkdtempSync(path.join(os.tmpdir(), 'o11y-app-'));
  cpSync(path.dirname(builtBundle), appDir, { recursive: true });
  bundlePath = path.join(appDir, 'server.mjs');
  pg = await startTempPostgres();
});
after(() => {
  pg?.destroy();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

test('the bundle answers /healthz, /students/, /metrics and serves /docs with its assets', async () => {
  const port = await freePort();
  const proc = await startProcess([process.execPath, bundlePath], {
    env: { DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1', CHAOS_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    cwd: appDir,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await proc.waitUntil(httpOk(`${base}/healthz`), 20_000);
    const students = await fetch(`${base}/students/`);
    assert.equal(students.status, 200);
    assert.equal(((await students.json()) as unknown[]).length, 10);
    const docs = await fetch(`${base}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger-ui\.css/);
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      const res = await fetch(`${base}/docs/static/${asset}`);
      assert.equal(res.status, 200, asset);
      assert.ok((await res.arrayBuffer()).byteLength > 1000, `${asset} has content`);
    }
    const spec = (await (await fetch(`${base}/docs/json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/students/'] && spec.paths['/chaos']);
    assert.match(await (await fetch(`${base}/metrics`)).text(), /http_requests_total\{method="GET",status="2xx",handler="\/students\/"\} 1/);
  } finally {
    assert.equal(await proc.stop(), 0, proc.output());
  }
});

test('SIGTERM lets the request in flight finish, then the process exits 0', async () => {
  const port = await freePort();
  const proc = await startProcess([process.execPath, bundlePath], {
    env: { DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1', CHAOS_TOKEN: TOKEN, LOG_LEVEL: 'info' },
    cwd: appDir,
  });
  const base = `http://127.0.0.1:${port}`;
  await proc.waitUntil(httpOk(`${base}/healthz`), 20_000);
  const put = await fetch(`${base}/chaos`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: '{"latencyMs": 1500}',
  });
  assert.equal(put.status, 200);
  const slow = fetch(`${base}/students/`);
  await new Promise((r) => setTimeout(r, 300));
  proc.signal('SIGTERM');
  const res = await slow;
  assert.equal(res.status, 200, 'the in-flight request was answered');
  assert.equal(((await res.json()) as unknown[]).length, 10);
  assert.equal(await proc.exited, 0);
  assert.match(proc.output(), /SIGTERM: draining requests/);
  await assert.rejects(fetch(`${base}/healthz`), 'nothing listens any more');
});

test('a missing DATABASE_URL is a one-line error and exit code 1', async () => {
  const proc = await startProcess([process.execPath, bundlePath], { env: { DATABASE_URL: '', PORT: String(await freePort()) }, cwd: appDir });
  assert.equal(await proc.exited, 1);
  assert.equal(proc.output().trim(), 'gradebook: DATABASE_URL is not set; expected postgres://user:password@host:5432/database.');
});

test('an unreachable database is named without its password, after DB_WAIT_SECONDS', async () => {
  const dead = await freePort();
  const proc = await startProcess([process.execPath, bundlePath], {
    env: { DATABASE_URL: `postgres://app:hunter2secret@127.0.0.1:${dead}/gradebook`, PORT: String(await freePort()), DB_WAIT_SECONDS: '1', LOG_LEVEL: 'warn' },
    cwd: appDir,
  });
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), new RegExp(`gradebook: Cannot reach PostgreSQL at 127\\.0\\.0\\.1:${dead}/gradebook \\(ECONNREFUSED\\)\\.`));
  assert.match(proc.output(), /waiting for PostgreSQL/);
  assert.doesNotMatch(proc.output(), /hunter2secret/);
});

test('the bundle waits for a database that starts after it', async () => {
  pg.stop();
  const port = await freePort();
  const proc = await startProcess([process.execPath, bundlePath], {
    env: { DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1', DB_WAIT_SECONDS: '30', LOG_LEVEL: 'warn' },
    cwd: appDir,
  });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(proc.child.exitCode, null, 'still waiting');
    pg.start();
    await proc.waitUntil(httpOk(`http://127.0.0.1:${port}/readyz`), 20_000);
  } finally {
    await proc.stop();
  }
});

// `o11y serve`: runs the gradebook on the host; clear one-line errors, never a password or a stack trace.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../support/free-port.js';
import { startTempPostgres, type TempPostgres } from '../support/postgres.js';
import { startProcess } from '../support/child-process.js';
import { httpOk } from '../support/ready-check.js';
import { ROOT, assertBuilt } from '../support/o11y-cli.js';

const cli = path.join(ROOT, 'bin', 'o11y.js');
let pg: TempPostgres;
before(async () => {
  assertBuilt(path.join(ROOT, 'dist', 'cli', 'commands', 'serve.js'));
  pg = await startTempPostgres();
});
after(() => pg?.destroy());

const noStack = (out: string) => assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace expected:\n${out}`);

// The cases are independent processes, mostly waiting on start-up: run them side by side.
describe('o11y serve', { concurrency: true }, () => {
  test('serve prints where it listens, serves the API and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const proc = await startProcess([process.execPath, cli, 'serve', '--port', String(port), '--database-url', pg.url], { env: { DATABASE_URL: undefined } });
    try {
      await proc.waitUntil(httpOk(`http://127.0.0.1:${port}/students/`), 20_000);
      assert.match(proc.output(), new RegExp(`gradebook listening on http://127\\.0\\.0\\.1:${port}`));
      assert.match(proc.output(), /API docs .*\/docs/);
      const res = await fetch(`http://127.0.0.1:${port}/students/1`);
      assert.deepEqual(await res.json(), { id: 1, name: 'Ada Lovelace' });
    } finally {
      assert.equal(await proc.stop('SIGINT'), 0, proc.output());
    }
  });

  test('serve reads DATABASE_URL when --database-url is not given', async () => {
    const port = await freePort();
    const proc = await startProcess([process.execPath, cli, 'serve', '--port', String(port)], { env: { DATABASE_URL: pg.url } });
    try {
      await proc.waitUntil(httpOk(`http://127.0.0.1:${port}/readyz`), 20_000);
    } finally {
      await proc.stop();
    }
  });

  test('an unreachable database: what, where and what to do, without the password', async () => {
    const dead = await freePort();
    const proc = await startProcess([
      process.execPath,
      cli,
      'serve',
      '--port',
      String(await freePort()),
      '--database-url',
      `postgres://app:topsecretpw@127.0.0.1:${dead}/gradebook`,
    ]);
    assert.equal(await proc.exited, 1);
    const out = proc.output();
    assert.equal(
      out.trim(),
      `✖ Error [O11Y_DATABASE_UNREACHABLE]: Cannot reach PostgreSQL at 127.0.0.1:${dead}/gradebook (ECONNREFUSED).\n  Start it or pass --database-url.`,
    );
    assert.doesNotMatch(out, /topsecretpw/);
  });

  test('a database that refuses the login says so', async () => {
    const port = await freePort();
    const url = pg.url.replace('postgres@', 'nobody:pw@');
    const proc = await startProcess([process.execPath, cli, 'serve', '--port', String(port), '--database-url', url]);
    assert.equal(await proc.exited, 1);
    assert.match(
      proc.output(),
      /Cannot use PostgreSQL at 127\.0\.0\.1:\d+\/gradebook: role "nobody" does not exist\.\n {2}Check the user, password and database name in the URL\./,
    );
    noStack(proc.output());
  });

  test('bad options and a taken port are one-line errors', async () => {
    // Each rule is unit-tested in config.test.ts; this checks how the command reports one.
    const bad = await startProcess([process.execPath, cli, 'serve', '--seed', 'huge']);
    assert.equal(await bad.exited, 1);
    assert.equal(bad.output().trim(), '✖ Error [O11Y_FLAG_INVALID]: --seed must be one of sample, large, none, got "huge".');
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const proc = await startProcess([process.execPath, cli, 'serve', '--port', String(port), '--database-url', pg.url]);
      assert.equal(await proc.exited, 1);
      assert.match(proc.output(), new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use\\.\\n {2}Stop what holds it or pass --port\\.`));
    } finally {
      blocker.close();
    }
  });
});

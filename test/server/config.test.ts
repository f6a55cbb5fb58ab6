// The service's environment is validated once, with messages that name the variable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readServerConfig } from '../../server/config.js';

const url = 'postgres://app:pw@db:5432/gradebook';

test('defaults: port 8000 on 0.0.0.0, sample seed, info logs, no chaos, 30 s database wait', () => {
  assert.deepEqual(readServerConfig({ DATABASE_URL: url }), {
    databaseUrl: url,
    port: 8000,
    host: '0.0.0.0',
    seed: 'sample',
    chaosToken: undefined,
    logLevel: 'info',
    databaseWaitSeconds: 30,
  });
});

test('every variable is read', () => {
  const c = readServerConfig({
    DATABASE_URL: url,
    PORT: '9000',
    HOST: '127.0.0.1',
    SEED: 'large',
    CHAOS_TOKEN: 't0k',
    LOG_LEVEL: 'debug',
    DB_WAIT_SECONDS: '0',
  });
  assert.deepEqual(c, { databaseUrl: url, port: 9000, host: '127.0.0.1', seed: 'large', chaosToken: 't0k', logLevel: 'debug', databaseWaitSeconds: 0 });
});

test('bad values are refused with the variable named', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{}, /DATABASE_URL is not set/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'mysql://h/db' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: url, PORT: '70000' }, /PORT must be a port number 0-65535, got "70000"/],
    [{ DATABASE_URL: url, PORT: '80a' }, /PORT must be a port number/],
    [{ DATABASE_URL: url, SEED: 'huge' }, /SEED must be one of sample, large, none/],
    [{ DATABASE_URL: url, LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DATABASE_URL: url, DB_WAIT_SECONDS: '-1' }, /DB_WAIT_SECONDS must be a whole number/],
  ];
  for (const [env, message] of cases) assert.throws(() => readServerConfig(env), { name: 'ConfigError', message }, JSON.stringify(env));
});

test('the database password never appears in a config error', () => {
  assert.throws(
    () => readServerConfig({ DATABASE_URL: 'mysql://u:sekrit@h/db' }),
    (err: Error) => !err.message.includes('sekrit'),
  );
});

test('DATABASE_PASSWORD and CHAOS_TOKEN come from files (what `o11y up` gives the container), one trailing newline dropped', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'o11y-secret-'));
  try {
    writeFileSync(path.join(dir, 'pw'), 'p@ss/word\n');
    writeFileSync(path.join(dir, 'token'), 't0k');
    const c = readServerConfig({
      DATABASE_URL: 'postgres://app@db:5432/gradebook',
      DATABASE_PASSWORD_FILE: path.join(dir, 'pw'),
      CHAOS_TOKEN_FILE: path.join(dir, 'token'),
    });
    assert.equal(new URL(c.databaseUrl).username, 'app');
    assert.equal(decodeURIComponent(new URL(c.databaseUrl).password), 'p@ss/word');
    assert.equal(c.chaosToken, 't0k');
    assert.throws(
      () => readServerConfig({ DATABASE_URL: url, CHAOS_TOKEN_FILE: path.join(dir, 'missing') }),
      /CHAOS_TOKEN_FILE names .*missing, which cannot be read \(ENOENT\)/,
    );
    assert.throws(
      () => readServerConfig({ DATABASE_URL: url, CHAOS_TOKEN: 'a', CHAOS_TOKEN_FILE: path.join(dir, 'token') }),
      /Both CHAOS_TOKEN and CHAOS_TOKEN_FILE are set/,
    );
    assert.throws(() => readServerConfig({ DATABASE_URL: url, DATABASE_PASSWORD: 'x' }), /has a password and DATABASE_PASSWORD is set too/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

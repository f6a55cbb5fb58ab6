// Migrations at start: versioned, idempotent, safe when instances start together; seeding
// only into an empty database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../../server/app.js';
import { LARGE_SEED } from '../../server/db/seed.js';
import { migrate, migrations, withMigrationLock } from '../../server/db/migrations.js';
import { startTempPostgres, type TempPostgres } from '../support/postgres.js';

let server: TempPostgres;
let admin: pg.Pool;
before(async () => {
  server = await startTempPostgres();
  admin = new pg.Pool({ connectionString: server.url, max: 2 });
});
after(async () => {
  await admin?.end();
  server?.destroy();
});

const count = async (db: pg.Pool, table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

test('four instances starting at once migrate and seed exactly once', async () => {
  const apps = await Promise.all(Array.from({ length: 4 }, () => buildApp({ databaseUrl: server.url })));
  try {
    const { rows } = await admin.query('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      rows.map((r) => r.version),
      migrations.map((m) => m.version),
    );
    assert.equal(await count(admin, 'students'), 10, 'seeded once, not once per instance');
    assert.equal(await count(admin, 'subjects'), 5);
    for (const app of apps) assert.equal((await app.inject({ method: 'GET', url: '/students/' })).json().length, 10);
  } finally {
    await Promise.all(apps.map((a) => a.close()));
  }
});

test('a restart applies nothing and seeds nothing more', async () => {
  const before = (await admin.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows;
  const app = await buildApp({ databaseUrl: server.url, seed: 'large' });
  await app.close();
  assert.deepEqual((await admin.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).rows, before);
  assert.equal(await count(admin, 'students'), 10, 'the database was not empty, so no seed');
});

test('a failing migration rolls back and names itself', async () => {
  await withMigrationLock(server.url, async (client) => {
    const broken = [...migrations, { version: 999, name: 'broken on purpose', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();' }];
    await assert.rejects(migrate(client, broken), /migration 999 \(broken on purpose\) failed: function no_such_function\(\) does not exist/);
  });
  assert.equal((await admin.query('SELECT count(*) AS n FROM schema_migrations WHERE version = 999')).rows[0].n, '0');
  assert.equal((await admin.query("SELECT to_regclass('half_done') AS t")).rows[0].t, null);
});

test('seed "large" fills an empty database with a generated data set', async () => {
  await admin.query('CREATE DATABASE large_seed');
  const url = server.url.replace(/\/gradebook$/, '/large_seed');
  const app = await buildApp({ databaseUrl: url, seed: 'large' });
  try {
    const db = app.db;
    assert.equal(await count(db, 'students'), LARGE_SEED.students);
    assert.equal(await count(db, 'subjects'), LARGE_SEED.subjects);
    assert.equal(await count(db, 'grades'), LARGE_SEED.students * LARGE_SEED.gradesPerStudent);
    const bad = await db.query('SELECT count(*) AS n FROM grades WHERE value NOT BETWEEN 1 AND 5 OR subject_id NOT IN (SELECT id FROM subjects)');
    assert.equal(bad.rows[0].n, '0');
    assert.equal((await app.inject({ method: 'GET', url: '/students/' })).json().length, 100, 'the default page');
  } finally {
    await app.close();
  }
});

test('seed "none" leaves an empty database empty', async () => {
  await admin.query('CREATE DATABASE no_seed');
  const app = await buildApp({ databaseUrl: server.url.replace(/\/gradebook$/, '/no_seed'), seed: 'none' });
  try {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/students/' })).json(), []);
  } finally {
    await app.close();
  }
});

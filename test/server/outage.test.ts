// The database going away: requests fail fast with 503 JSON, nothing crashes, and the
// service recovers by itself once PostgreSQL is back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { startGradebook, type Gradebook } from './gradebook-fixture.js';

let gb: Gradebook;
before(async () => {
  gb = await startGradebook();
});
after(async () => gb?.close());

test('PostgreSQL stopped mid-run: fast 503s; started again: the service recovers', async () => {
  // Warm the pool so there are idle connections for the shutdown to kill.
  await Promise.all(Array.from({ length: 8 }, () => gb.get('/students/')));
  assert.equal((await gb.get('/students/')).statusCode, 200);

  gb.pg.stop();
  const started = Date.now();
  for (const req of [
    () => gb.get('/students/'),
    () => gb.get('/students/1/grades'),
    () => gb.post('/students/', { name: 'During outage' }),
    () => gb.post('/grades/', { value: 3, student_id: 1, subject_id: 1 }),
  ]) {
    const t0 = Date.now();
    const res = await req();
    const took = Date.now() - t0;
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.headers['retry-after'], '1');
    assert.deepEqual(res.json(), { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly.' });
    // Refused connections fail at once; the pool's connect timeout (2 s) bounds the rest.
    assert.ok(took < 4000, `a 503 took ${took} ms`);
  }
  const ready = await gb.get('/readyz');
  assert.equal(ready.statusCode, 503);
  assert.match(ready.json().message, /database is not reachable/);
  assert.equal((await gb.get('/healthz')).statusCode, 200, 'alive even without its database');
  assert.equal((await gb.get('/metrics')).statusCode, 200, 'metrics keep working during the outage');
  const m = (await gb.get('/metrics')).body;
  assert.match(m, /http_requests_total\{method="GET",status="5xx",handler="\/students\/"\} [1-9]/);
  assert.ok(Date.now() - started < 15_000);

  gb.pg.start();
  const res = await eventually(
    'GET /students/ answering 200 after the restart',
    async () => {
      const r = await gb.get('/students/');
      return r.statusCode === 200 && r;
    },
    { timeoutMs: 15_000 },
  );
  assert.equal(res.json().length, 10);
  assert.equal((await gb.get('/readyz')).statusCode, 200);
  const created = await gb.post('/students/', { name: 'After outage' });
  assert.equal(created.statusCode, 200);
});

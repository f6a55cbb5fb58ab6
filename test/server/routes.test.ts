// The gradebook's routes as a client sees them: the original lab's, unchanged, and the new ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGradebook, type Gradebook } from './gradebook-fixture.js';

let gb: Gradebook;
before(async () => {
  gb = await startGradebook();
});
after(async () => gb?.close());

describe('the original routes', () => {
  test('GET /students/ lists the seeded students with id and name', async () => {
    const res = await gb.get('/students/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /application\/json/);
    const rows = res.json();
    assert.equal(rows.length, 10);
    assert.deepEqual(rows[0], { id: 1, name: 'Ada Lovelace' });
  });

  test('POST /students/ creates a student and answers with its id', async () => {
    const res = await gb.post('/students/', { name: 'Linus Torvalds' });
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.equal(s.name, 'Linus Torvalds');
    assert.ok(Number.isInteger(s.id) && s.id > 10);
    const again = await gb.get(`/students/${s.id}`);
    assert.deepEqual(again.json(), s);
  });

  test('POST and GET /subjects/ with {title}', async () => {
    const res = await gb.post('/subjects/', { title: 'Chemistry' });
    assert.equal(res.statusCode, 200);
    const created = res.json();
    assert.equal(created.title, 'Chemistry');
    const list = (await gb.get('/subjects/')).json();
    assert.ok(list.some((s: { id: number; title: string }) => s.id === created.id && s.title === 'Chemistry'));
  });

  test('POST and GET /grades/ with {value, student_id, subject_id}', async () => {
    const res = await gb.post('/grades/', { value: 4, student_id: 2, subject_id: 3 });
    assert.equal(res.statusCode, 200);
    const g = res.json();
    assert.deepEqual({ ...g, id: 0 }, { id: 0, value: 4, student_id: 2, subject_id: 3 });
    const page = (await gb.get(`/grades/?offset=${g.id - 1}&limit=1`)).json();
    assert.deepEqual(page, [g]);
  });

  test('the paths work with and without the trailing slash', async () => {
    for (const url of ['/students', '/subjects', '/grades', '/students/1/', '/students/1/grades/']) {
      assert.equal((await gb.get(url)).statusCode, 200, url);
    }
  });
});

describe('the new routes', () => {
  test("GET /students/{id}/grades gives subject titles and the student's average", async () => {
    const res = await gb.get('/students/1/grades');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.student, { id: 1, name: 'Ada Lovelace' });
    assert.equal(body.count, body.grades.length);
    assert.equal(body.count, 15, 'seed: 3 grades in each of 5 subjects');
    const titles = new Set(body.grades.map((g: { subject_title: string }) => g.subject_title));
    assert.deepEqual([...titles].sort(), ['Computer Science', 'History', 'Literature', 'Mathematics', 'Physics']);
    const mean = body.grades.reduce((s: number, g: { value: number }) => s + g.value, 0) / body.count;
    assert.equal(body.average, Math.round(mean * 100) / 100);
  });

  test('a student without grades has count 0 and average null', async () => {
    const s = (await gb.post('/students/', { name: 'New Student' })).json();
    assert.deepEqual((await gb.get(`/students/${s.id}/grades`)).json(), { student: s, grades: [], count: 0, average: null });
  });

  test('unknown ids answer 404 JSON naming what is missing', async () => {
    for (const [url, what] of [
      ['/students/999999', 'student 999999'],
      ['/students/999999/grades', 'student 999999'],
      ['/subjects/999999', 'subject 999999'],
      ['/grades/999999', 'grade 999999'],
    ]) {
      const res = await gb.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().message, `${what} does not exist`);
    }
  });

  test('DELETE removes a student together with their grades; a second DELETE is 404', async () => {
    const s = (await gb.post('/students/', { name: 'Temporary' })).json();
    const g = (await gb.post('/grades/', { value: 5, student_id: s.id, subject_id: 1 })).json();
    const del = await gb.request({ method: 'DELETE', url: `/students/${s.id}` });
    assert.equal(del.statusCode, 204);
    assert.equal(del.body, '');
    assert.equal((await gb.get(`/students/${s.id}`)).statusCode, 404);
    assert.equal((await gb.get(`/grades/${g.id}`)).statusCode, 404, 'the grade went with the student');
    assert.equal((await gb.request({ method: 'DELETE', url: `/students/${s.id}` })).statusCode, 404);
  });

  test('a DELETE with a JSON content type and no body works (many clients send one)', async () => {
    const s = (await gb.post('/students/', { name: 'Deleted with a header' })).json();
    const res = await gb.request({ method: 'DELETE', url: `/students/${s.id}`, headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 204);
  });

  test('DELETE works for subjects and grades', async () => {
    const sub = (await gb.post('/subjects/', { title: 'Astronomy' })).json();
    const g = (await gb.post('/grades/', { value: 3, student_id: 1, subject_id: sub.id })).json();
    assert.equal((await gb.request({ method: 'DELETE', url: `/grades/${g.id}` })).statusCode, 204);
    assert.equal((await gb.request({ method: 'DELETE', url: `/grades/${g.id}` })).statusCode, 404);
    assert.equal((await gb.request({ method: 'DELETE', url: `/subjects/${sub.id}` })).statusCode, 204);
    assert.equal((await gb.get(`/subjects/${sub.id}`)).statusCode, 404);
  });

  test('lists page with limit and offset, default 100, capped at 1000', async () => {
    await gb.app.db.query(`INSERT INTO students(name) SELECT 'Bulk ' || n FROM generate_series(1, 1100) n`);
    assert.equal((await gb.get('/students/')).json().length, 100);
    const all = (await gb.get('/students/?limit=1000')).json();
    assert.equal(all.length, 1000);
    const page = (await gb.get('/students/?limit=3&offset=2')).json();
    assert.deepEqual(page, all.slice(2, 5));
    const cap = await gb.get('/students/?limit=1001');
    assert.equal(cap.statusCode, 422);
    assert.match(cap.json().message, /limit must be <= 1000/);
    assert.deepEqual((await gb.get('/students/?offset=100000')).json(), []);
  });

  test('health and readiness answer 200 while the database is up', async () => {
    assert.deepEqual((await gb.get('/healthz')).json(), { status: 'ok' });
    assert.deepEqual((await gb.get('/readyz')).json(), { status: 'ok' });
  });

  test('/docs serves Swagger UI and /docs/json the OpenAPI document of every route', async () => {
    const ui = await gb.get('/docs');
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger-ui/i);
    const spec = (await gb.get('/docs/json')).json();
    assert.match(spec.openapi, /^3\./);
    for (const p of [
      '/students/',
      '/students/{id}',
      '/students/{id}/grades',
      '/subjects/',
      '/subjects/{id}',
      '/grades/',
      '/grades/{id}',
      '/healthz',
      '/readyz',
    ]) {
      assert.ok(spec.paths[p], `spec has ${p}`);
    }
    assert.equal(spec.paths['/grades/'].post.requestBody.content['application/json'].schema.properties.value.maximum, 5);
  });

  test('an unknown route is a 404 JSON error', async () => {
    const res = await gb.get('/teachers/');
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { statusCode: 404, error: 'Not Found', message: 'Route GET /teachers/ not found' });
  });
});

// Validation a user would expect, one test per rule, and a barrage of hostile input that
// must only ever get 4xx JSON answers and leave the data as it was.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { startGradebook, type Gradebook } from './gradebook-fixture.js';

let gb: Gradebook;
before(async () => {
  gb = await startGradebook();
});
after(async () => gb?.close());

function assertError(res: LightMyRequestResponse, status: number, message?: RegExp) {
  assert.equal(res.statusCode, status, `expected ${status}, got ${res.statusCode}: ${res.body}`);
  assert.match(res.headers['content-type'] as string, /application\/json/);
  const body = res.json();
  assert.equal(body.statusCode, status);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
  if (message) assert.match(body.message, message);
}

const raw = (method: string, url: string, payload: string, contentType = 'application/json') =>
  gb.request({ method: method as InjectOptions['method'], url, payload, headers: { 'content-type': contentType } });

describe('names and titles', () => {
  test('a name is required', async () => assertError(await gb.post('/students/', {}), 422, /body\.name is required/));
  test('a number is not silently turned into a name', async () => assertError(await gb.post('/students/', { name: 123 }), 422, /body\.name must be string/));
  test('an empty name is refused', async () => assertError(await gb.post('/students/', { name: '' }), 422, /fewer than 1 characters/));
  test('a blank name is refused', async () => assertError(await gb.post('/students/', { name: ' \t ' }), 422, /visible character/));
  test('names are at most 100 characters', async () => {
    assertError(await gb.post('/students/', { name: 'x'.repeat(101) }), 422, /more than 100 characters/);
    assert.equal((await gb.post('/students/', { name: 'é'.repeat(100) })).statusCode, 200);
  });
  test('control characters (NUL cannot even be stored) are refused', async () => {
    assertError(await gb.post('/students/', { name: 'a\u0000b' }), 422, /control characters/);
    assertError(await gb.post('/students/', { name: 'a\nb' }), 422, /control characters/);
  });
  test('subject titles follow the same rules', async () => {
    assertError(await gb.post('/subjects/', { title: '' }), 422);
    assertError(await gb.post('/subjects/', { title: 42 }), 422, /body\.title must be string/);
    assertError(await gb.post('/subjects/', { title: 'y'.repeat(101) }), 422);
    assertError(await gb.post('/subjects/', { name: 'Math' }), 422, /body\.title is required/);
  });
  test('unknown fields are refused, not silently dropped', async () => {
    assertError(await gb.post('/students/', { name: 'Ok', age: 20 }), 422, /body\.age is not a known field/);
  });
});

describe('grades', () => {
  test('a grade value is a whole number from 1 to 5', async () => {
    for (const value of [0, 6, -1, 3.5]) assertError(await gb.post('/grades/', { value, student_id: 1, subject_id: 1 }), 422, /body\.value/);
    for (const value of [1, 5]) assert.equal((await gb.post('/grades/', { value, student_id: 1, subject_id: 1 })).statusCode, 200);
  });
  test('a grade value given as text is refused ("5" is not 5)', async () => {
    assertError(await gb.post('/grades/', { value: '5', student_id: 1, subject_id: 1 }), 422, /body\.value must be integer/);
  });
  test('student_id and subject_id must be positive integers', async () => {
    assertError(await gb.post('/grades/', { value: 3, student_id: '1', subject_id: 1 }), 422, /body\.student_id must be integer/);
    assertError(await gb.post('/grades/', { value: 3, student_id: 1, subject_id: 0 }), 422, /body\.subject_id must be >= 1/);
  });
  test('a grade for an unknown student is a 422 naming that student', async () => {
    assertError(await gb.post('/grades/', { value: 3, student_id: 424242, subject_id: 1 }), 422, /^student 424242 does not exist$/);
  });
  test('a grade in an unknown subject is a 422 naming that subject', async () => {
    assertError(await gb.post('/grades/', { value: 3, student_id: 1, subject_id: 515151 }), 422, /^subject 515151 does not exist$/);
  });
  test('both unknown: both are named', async () => {
    const res = await gb.post('/grades/', { value: 3, student_id: 7777, subject_id: 8888 });
    assertError(res, 422, /student 7777 and subject 8888 do not exist/);
    assert.deepEqual(res.json().details, { missing: ['student 7777', 'subject 8888'] });
  });
});

describe('requests', () => {
  test('a body that is not JSON is a 400 JSON error saying where it breaks', async () => {
    assertError(await raw('POST', '/students/', '{"name": '), 400, /not valid JSON: Unexpected end of JSON input/);
    assertError(await raw('POST', '/students/', '{"name": "x",}'), 400, /not valid JSON: .* at position 13/);
  });
  test('an empty JSON body is a 400', async () => assertError(await raw('POST', '/students/', ''), 400, /cannot be empty/));
  test('a body that is JSON but not an object is a 422', async () => {
    for (const p of ['[]', 'null', '1', '"Ada"']) assertError(await raw('POST', '/students/', p), 422, /body must be a JSON object/);
  });
  test('a body in another format is a 415 that names application/json', async () => {
    assertError(
      await raw('POST', '/students/', 'name=Ada', 'application/x-www-form-urlencoded'),
      415,
      /content-type: application\/json \(got application\/x-www-form-urlencoded\)/,
    );
    // Text passes Fastify's text parser and reaches validation as a string: same advice.
    assertError(await raw('POST', '/students/', 'Ada', 'text/plain'), 422, /body must be a JSON object, sent with content-type: application\/json/);
  });
  test('a method a path does not answer is a 405 with Allow, not a 404', async () => {
    const res = await raw('PUT', '/students/11', '{"name": "Ada"}');
    assertError(res, 405, /PUT is not allowed on \/students\/11; it answers GET, HEAD, DELETE/);
    assert.equal(res.headers.allow, 'GET, HEAD, DELETE');
    assertError(await raw('PUT', '/nowhere/11', '{}'), 404, /Route PUT \/nowhere\/11 not found/);
  });
  test('negative limit and offset say the bound, not "must be integer"', async () => {
    assertError(await gb.get('/students/?limit=-1'), 422, /querystring\.limit must be >= 1/);
    assertError(await gb.get('/students/?offset=-1'), 422, /querystring\.offset must be >= 0/);
    assertError(await gb.get('/students/?limit=ten'), 422, /querystring\.limit must be integer/);
  });
  test('bodies over 16 KiB are refused with 413', async () => {
    assertError(await gb.post('/students/', { name: 'z'.repeat(17 * 1024) }), 413);
  });
  test('path ids must be integers from 1 to 2147483647', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '2147483648', '99999999999999999999']) {
      assertError(await gb.get(`/students/${id}`), 422, /params\.id/);
    }
  });
  test('limit and offset must be plain non-negative integers', async () => {
    for (const q of ['limit=abc', 'limit=0', 'limit=-5', 'limit=1.5', 'offset=-1', 'offset=x', 'limit=1&limit=2', 'page=2']) {
      assertError(await gb.get(`/students/?${q}`), 422, /querystring/);
    }
  });
});

test('hostile input gets 4xx JSON everywhere, never a 5xx, and changes nothing', async () => {
  const snapshot = async () => ({
    students: (await gb.app.db.query('SELECT id, name FROM students ORDER BY id')).rows,
    subjects: (await gb.app.db.query('SELECT id, title FROM subjects ORDER BY id')).rows,
    grades: (await gb.app.db.query('SELECT id, value, student_id, subject_id FROM grades ORDER BY id')).rows,
  });
  const before = await snapshot();

  const injections = ["1' OR '1'='1", '1; DROP TABLE students; --', "'); DELETE FROM grades; --", '1 UNION SELECT id, name FROM students', '$1', '\\x00'];
  const weird = [null, true, false, [], {}, [1], { $gt: 0 }, -1, 0, 1.5, 1e300, 2 ** 53, 'x'.repeat(5000), ...injections];
  const requests: InjectOptions[] = [];
  const post = (url: string, payload: unknown) =>
    requests.push({ method: 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  for (const v of weird) {
    if (typeof v !== 'string' || v.length > 100) post('/students/', { name: v });
    if (typeof v !== 'string' || v.length > 100) post('/subjects/', { title: v });
    post('/grades/', { value: v, student_id: 1, subject_id: 1 });
    post('/grades/', { value: 3, student_id: v, subject_id: 1 });
    post('/grades/', { value: 3, student_id: 1, subject_id: v });
    post('/students/', v);
  }
  for (const id of [...injections, '0', '-1', '2147483648', '1e3', '%00', '%27', 'null', '١', ' 1']) {
    const enc = encodeURIComponent(id);
    for (const url of [`/students/${enc}`, `/students/${enc}/grades`, `/subjects/${enc}`, `/grades/${enc}`]) {
      requests.push({ method: 'GET', url }, { method: 'DELETE', url });
    }
    for (const list of ['/students/', '/subjects/', '/grades/']) {
      requests.push({ method: 'GET', url: `${list}?limit=${enc}` });
      if (id !== '0') requests.push({ method: 'GET', url: `${list}?offset=${enc}` }); // offset=0 is fine
    }
  }
  for (const id of [2147483647, 123456789]) {
    for (const url of [`/students/${id}`, `/students/${id}/grades`, `/subjects/${id}`, `/grades/${id}`])
      requests.push({ method: 'GET', url }, { method: 'DELETE', url });
  }
  const rawBodies = [
    '{',
    '}',
    '{"name":"a",}',
    "{'name':'a'}",
    '{"name":"a"}{"name":"b"}',
    '['.repeat(4000) + ']'.repeat(4000),
    '{"__proto__":{"admin":true},"name":"a"}',
    '{"constructor":{"prototype":{"x":1}},"name":"a"}',
    '\u0000',
    '{"name":"\\ud800"',
    JSON.stringify({ name: 'q'.repeat(40_000) }),
  ];
  for (const body of rawBodies) {
    for (const url of ['/students/', '/subjects/', '/grades/'])
      requests.push({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
  }
  for (const method of ['PUT', 'PATCH'] as const)
    requests.push({ method, url: '/students/1', payload: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
  requests.push({ method: 'POST', url: '/students/', payload: '<name>x</name>', headers: { 'content-type': 'application/xml' } });

  const failures: string[] = [];
  for (const r of requests) {
    const res = await gb.request(r);
    let message: unknown;
    try {
      message = res.json().message;
    } catch {
      message = undefined;
    }
    if (res.statusCode < 400 || res.statusCode > 499 || typeof message !== 'string') {
      failures.push(`${r.method} ${r.url} ${String(r.payload ?? '').slice(0, 60)} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
  }
  assert.ok(requests.length > 300, `sent ${requests.length} hostile requests`);
  assert.deepEqual(failures, [], `requests that did not get a 4xx JSON error:\n${failures.join('\n')}`);
  assert.deepEqual(await snapshot(), before, 'the data is unchanged');
});

test('SQL-shaped names are stored literally and break nothing', async () => {
  const name = "Robert'); DROP TABLE students; --";
  const s = (await gb.post('/students/', { name })).json();
  assert.deepEqual((await gb.get(`/students/${s.id}`)).json(), { id: s.id, name });
  assert.equal((await gb.get('/students/')).statusCode, 200);
});

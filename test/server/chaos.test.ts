// Fault injection: /chaos behind a bearer token adds latency and 500s to the API routes
// only; without CHAOS_TOKEN it does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../server/app.js';
import { startGradebook, type Gradebook } from './gradebook-fixture.js';

const TOKEN = 'test-chaos-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };

let gb: Gradebook;
before(async () => {
  gb = await startGradebook({ chaosToken: TOKEN });
});
after(async () => gb?.close());

const setChaos = (body: unknown) => gb.request({ method: 'PUT', url: '/chaos', headers: auth, payload: body as object });
const timed = async (url: string) => {
  const t0 = performance.now();
  const res = await gb.get(url);
  return { res, ms: performance.now() - t0 };
};

describe('the /chaos endpoint', () => {
  test('needs the bearer token: none or a wrong one is a 401 JSON error', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
      const res = await gb.request({ method: 'GET', url: '/chaos', headers });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="chaos"');
      assert.match(res.json().message, /Authorization: Bearer/);
    }
    const put = await gb.request({ method: 'PUT', url: '/chaos', payload: { errorRate: 1 } });
    assert.equal(put.statusCode, 401);
    assert.equal((await gb.get('/students/')).statusCode, 200, 'an unauthorised PUT changed nothing');
  });

  test('GET shows the settings, off at start', async () => {
    const res = await gb.request({ method: 'GET', url: '/chaos', headers: auth });
    assert.deepEqual(res.json(), { latencyMs: 0, errorRate: 0 });
  });

  test('PUT validates its body', async () => {
    for (const body of [
      {},
      { errorRate: 1.5 },
      { errorRate: -0.1 },
      { latencyMs: -1 },
      { latencyMs: 60_001 },
      { latencyMs: '100' },
      { latencyMs: 10, extra: 1 },
    ]) {
      const res = await setChaos(body);
      assert.equal(res.statusCode, 422, JSON.stringify(body));
    }
  });
});

describe('injected faults', () => {
  test('latency slows the API routes but not /healthz, /readyz, /metrics or /chaos', async () => {
    assert.deepEqual((await setChaos({ latencyMs: 300 })).json(), { latencyMs: 300, errorRate: 0 });
    try {
      for (const url of ['/students/', '/students/1/grades', '/subjects/', '/grades/?limit=1']) {
        const { res, ms } = await timed(url);
        assert.equal(res.statusCode, 200);
        assert.ok(ms >= 290, `${url} took ${ms.toFixed(0)} ms with 300 ms injected`);
      }
      for (const url of ['/healthz', '/readyz', '/metrics']) {
        const { res, ms } = await timed(url);
        assert.equal(res.statusCode, 200);
        assert.ok(ms < 290, `${url} took ${ms.toFixed(0)} ms: it must not be slowed`);
      }
      const m = (await gb.get('/metrics')).body;
      assert.match(m, /^chaos_latency_seconds 0\.3$/m);
    } finally {
      await setChaos({ latencyMs: 0 });
    }
  });

  test('errorRate 1 fails every API request with a 500 JSON error, counted as 5xx', async () => {
    await setChaos({ errorRate: 1 });
    try {
      for (const r of [gb.get('/students/'), gb.post('/students/', { name: 'never stored' }), gb.get('/students/1')]) {
        const res = await r;
        assert.equal(res.statusCode, 500);
        assert.match(res.json().message, /Injected fault \(chaos errorRate 1\)/);
      }
      assert.equal((await gb.get('/healthz')).statusCode, 200);
      const m = (await gb.get('/metrics')).body;
      assert.match(m, /http_requests_total\{method="GET",status="5xx",handler="\/students\/"\} [1-9]/);
      assert.match(m, /^chaos_error_rate 1$/m);
    } finally {
      await gb.request({ method: 'DELETE', url: '/chaos', headers: auth });
    }
    const names = (await gb.get('/students/?limit=1000')).json().map((s: { name: string }) => s.name);
    assert.ok(!names.includes('never stored'), 'a failed request did not reach the database');
  });

  test('errorRate 0.5 fails about half of the requests', async () => {
    await setChaos({ errorRate: 0.5 });
    let failed = 0;
    try {
      for (let i = 0; i < 400; i++) if ((await gb.get('/students/?limit=1')).statusCode === 500) failed++;
    } finally {
      await gb.request({ method: 'DELETE', url: '/chaos', headers: auth });
    }
    // Binomial(400, 0.5): 6 standard deviations either side is 140..260.
    assert.ok(failed > 140 && failed < 260, `${failed} of 400 failed`);
  });

  test('DELETE turns everything off again', async () => {
    assert.deepEqual((await gb.request({ method: 'GET', url: '/chaos', headers: auth })).json(), { latencyMs: 0, errorRate: 0 });
    assert.equal((await gb.get('/students/')).statusCode, 200);
  });
});

test('without a chaos token there is no /chaos endpoint and no fault gauges', async () => {
  const app = await buildApp({ databaseUrl: gb.pg.url, seed: 'none' });
  try {
    const res = await app.inject({ method: 'PUT', url: '/chaos', headers: auth, payload: { errorRate: 1 } });
    assert.equal(res.statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: '/students/' })).statusCode, 200);
    assert.doesNotMatch((await app.inject({ method: 'GET', url: '/metrics' })).body, /chaos_/);
  } finally {
    await app.close();
  }
});

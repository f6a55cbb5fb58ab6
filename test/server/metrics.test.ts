// /metrics: the original lab's series and labels (so its PromQL keeps working), finer
// buckets, default and pool metrics, and counters that move with the requests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startGradebook, type Gradebook } from './gradebook-fixture.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

/** A strict reader of the Prometheus text format: every line must parse. */
function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = m[2] ?? '';
    const re = /(\w+)="((?:[^"\\]|\\.)*)",?/gy;
    let lm: RegExpExecArray | null;
    let consumed = 0;
    for (lm = re.exec(labelText); lm; lm = re.exec(labelText)) {
      labels[lm[1]] = lm[2];
      consumed = re.lastIndex;
    }
    assert.equal(consumed, labelText.length, `unparseable labels: ${line}`);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { types, samples };
}

let gb: Gradebook;
before(async () => {
  gb = await startGradebook();
});
after(async () => gb?.close());

async function scrape(): Promise<Exposition> {
  const res = await gb.get('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
  return parseExposition(res.body);
}

const find = (e: Exposition, name: string, labels: Record<string, string> = {}) =>
  e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const value = (e: Exposition, name: string, labels: Record<string, string>) => find(e, name, labels).reduce((sum, s) => sum + s.value, 0);

test('the original series exist with their types and label names', async () => {
  await gb.get('/students/');
  const e = await scrape();
  assert.equal(e.types.get('http_requests_total'), 'counter');
  assert.equal(e.types.get('http_request_duration_seconds'), 'histogram');
  assert.equal(e.types.get('http_request_duration_highr_seconds'), 'histogram');
  assert.equal(e.types.get('http_request_size_bytes'), 'summary');
  assert.equal(e.types.get('http_response_size_bytes'), 'summary');
  const labelNames = (name: string) => [...new Set(find(e, name).flatMap((s) => Object.keys(s.labels)))].sort();
  assert.deepEqual(labelNames('http_requests_total'), ['handler', 'method', 'status']);
  assert.deepEqual(labelNames('http_request_duration_seconds_bucket'), ['handler', 'le', 'method']);
  assert.deepEqual(labelNames('http_request_duration_highr_seconds_bucket'), ['le']);
  assert.deepEqual(labelNames('http_request_size_bytes_count'), ['handler']);
  assert.deepEqual(labelNames('http_response_size_bytes_sum'), ['handler']);
  assert.equal(find(e, 'http_requests_total', { handler: '/students/', method: 'GET', status: '2xx' }).length, 1);
});

test('duration buckets resolve milliseconds and keep the original 0.1/0.5/1', async () => {
  const e = await scrape();
  const les = find(e, 'http_request_duration_seconds_bucket', { handler: '/students/', method: 'GET' }).map((s) => s.labels.le);
  for (const le of ['0.0005', '0.001', '0.0025', '0.005', '0.1', '0.5', '1', '+Inf']) assert.ok(les.includes(le), `bucket le=${le}`);
  const highr = find(e, 'http_request_duration_highr_seconds_bucket').map((s) => s.labels.le);
  for (const le of ['0.001', '0.01', '60', '+Inf']) assert.ok(highr.includes(le), `highr bucket le=${le}`);
});

test('counters move with requests; handlers are route templates, status grouped', async () => {
  const before = await scrape();
  for (let i = 0; i < 5; i++) await gb.get('/students/');
  await gb.get('/students/3');
  await gb.get('/students/3/grades');
  await gb.get('/students/999999');
  await gb.get('/no/such/route');
  await gb.post('/students/', { name: '' });
  const after = await scrape();
  const delta = (labels: Record<string, string>) => value(after, 'http_requests_total', labels) - value(before, 'http_requests_total', labels);
  assert.equal(delta({ handler: '/students/', method: 'GET', status: '2xx' }), 5);
  assert.equal(delta({ handler: '/students/{id}', method: 'GET', status: '2xx' }), 1);
  assert.equal(delta({ handler: '/students/{id}/grades', method: 'GET', status: '2xx' }), 1);
  assert.equal(delta({ handler: '/students/{id}', method: 'GET', status: '4xx' }), 1);
  assert.equal(delta({ handler: 'none', method: 'GET', status: '4xx' }), 1, 'unmatched routes count as handler="none"');
  assert.equal(delta({ handler: '/students/', method: 'POST', status: '4xx' }), 1);
  const hist = (e: typeof before) => value(e, 'http_request_duration_seconds_count', { handler: '/students/', method: 'GET' });
  assert.equal(hist(after) - hist(before), 5);
  const inf = value(after, 'http_request_duration_seconds_bucket', { handler: '/students/', method: 'GET', le: '+Inf' });
  assert.equal(inf, hist(after), '+Inf bucket equals the count');
  assert.ok(value(after, 'http_request_duration_highr_seconds_count', {}) > value(before, 'http_request_duration_highr_seconds_count', {}));
});

test('/metrics itself is counted', async () => {
  const first = await scrape();
  const second = await scrape();
  const n = (e: typeof first) => value(e, 'http_requests_total', { handler: '/metrics', method: 'GET', status: '2xx' });
  assert.equal(n(second) - n(first), 1);
});

test('request and response sizes come from Content-Length', async () => {
  const before = await scrape();
  const payload = JSON.stringify({ name: 'Size Test' });
  const res = await gb.request({ method: 'POST', url: '/students/', payload, headers: { 'content-type': 'application/json' } });
  const after = await scrape();
  const d = (name: string) => value(after, name, { handler: '/students/' }) - value(before, name, { handler: '/students/' });
  assert.equal(d('http_request_size_bytes_sum'), Buffer.byteLength(payload));
  assert.equal(d('http_request_size_bytes_count'), 1);
  assert.equal(d('http_response_size_bytes_sum'), Number(res.headers['content-length']));
});

test('default process and Node metrics, in-flight requests and pool gauges are exported', async () => {
  const e = await scrape();
  for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
    assert.ok(find(e, name).length, `${name} present`);
  }
  assert.equal(value(e, 'http_requests_in_flight', {}), 1, 'the scrape itself is in flight');
  const total = value(e, 'db_pool_connections', {});
  const idle = value(e, 'db_pool_idle_connections', {});
  assert.ok(total >= 1, 'the pool has connected');
  assert.ok(Number.isInteger(idle) && idle <= total, `idle ${idle} must be a count within total ${total}`);
  assert.equal(value(e, 'db_pool_waiting_requests', {}), 0);
});

test('promtool accepts the exposition and finds nothing to lint in our own series', () => {
  return gb.get('/metrics').then((res) => {
    const r = spawnSync('promtool', ['check', 'metrics'], { input: res.body, encoding: 'utf8' });
    assert.ok(!r.error, 'promtool not found: apt-get install prometheus (it ships promtool)');
    const problems = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter(Boolean)
      // prom-client's own nodejs_active_*_total gauges are known to trip the linter.
      .filter((l) => !/^nodejs_active_\w+_total non-counter/.test(l));
    assert.deepEqual(problems, []);
  });
});

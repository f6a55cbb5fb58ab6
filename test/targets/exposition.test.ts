// parseExposition on real expositions (the gradebook's own series and prom-client's defaults,
// rendered by prom-client in this process, in text 0.0.4 and OpenMetrics) and on what a wrong
// URL answers instead: an HTML page, JSON, an empty body, a 404 line, garbage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { parseExposition, type Metrics } from '../../cli/targets/exposition.js';
import { DURATION_BUCKETS } from '../../server/metrics.js';
import { gradebookExposition } from './gradebook-exposition.js';

function parsed(text: string): Metrics {
  const result = parseExposition(text);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.metrics;
}

test("the gradebook's own /metrics: families by TYPE, labels, one series per sample line", async () => {
  const text = await gradebookExposition();
  const metrics = parsed(text);
  const requests = metrics.get('http_requests_total');
  assert.equal(requests?.type, 'counter');
  assert.deepEqual([...(requests?.labelNames ?? [])].sort(), ['handler', 'method', 'status']);
  const duration = metrics.get('http_request_duration_seconds');
  assert.equal(duration?.type, 'histogram');
  assert.deepEqual([...(duration?.labelNames ?? [])].sort(), ['handler', 'le', 'method']);
  // Two routes x (buckets + +Inf + _sum + _count): _bucket, _sum and _count fold into the family.
  assert.equal(duration?.series, 2 * (DURATION_BUCKETS.length + 3));
  assert.ok(!metrics.has('http_request_duration_seconds_bucket'));
  assert.equal(metrics.get('process_cpu_seconds_total')?.type, 'counter');
  assert.equal(metrics.get('nodejs_eventloop_lag_p99_seconds')?.type, 'gauge');
  assert.equal(metrics.get('process_resident_memory_bytes')?.help, 'Resident memory size in bytes.');
  // Every sample line is counted once, in some family.
  const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
  assert.equal(
    [...metrics.values()].reduce((n, f) => n + f.series, 0),
    samples,
  );
});

test('OpenMetrics from the same library: counters under their _total name, _created folded, # EOF', async () => {
  const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const c = new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['queue'], registers: [registry] });
  c.inc({ queue: 'a' });
  new Histogram({ name: 'job_seconds', help: 'Job time.', buckets: [0.1, 1], registers: [registry] }).observe(0.3);
  const text = await registry.metrics();
  assert.match(text, /# TYPE jobs counter/);
  assert.match(text, /# EOF/);
  const metrics = parsed(text);
  assert.deepEqual([...metrics.keys()].sort(), ['job_seconds', 'jobs_total']);
  assert.equal(metrics.get('jobs_total')?.type, 'counter');
  assert.equal(metrics.get('job_seconds')?.series, 5);
});

test('hand-written OpenMetrics: _created, # UNIT, exemplars, timestamps, info', () => {
  const metrics = parsed(
    [
      '# TYPE rpc_seconds histogram',
      '# UNIT rpc_seconds seconds',
      '# HELP rpc_seconds RPC latency.',
      'rpc_seconds_bucket{le="0.1"} 3 # {trace_id="abc"} 0.05 1700000000.000',
      'rpc_seconds_bucket{le="+Inf"} 4',
      'rpc_seconds_sum 0.9',
      'rpc_seconds_count 4',
      'rpc_seconds_created 1700000000.123',
      '# TYPE build info',
      'build_info{version="1.2"} 1',
      '# EOF',
    ].join('\n'),
  );
  assert.deepEqual([...metrics.keys()], ['rpc_seconds', 'build']);
  assert.equal(metrics.get('rpc_seconds')?.series, 5);
  assert.equal(metrics.get('rpc_seconds')?.unit, 'seconds');
  assert.equal(metrics.get('build')?.type, 'gauge');
});

test("client_python's 0.0.4 `_created` gauges fold into their counter and histogram", () => {
  const metrics = parsed(
    [
      '# HELP http_requests_total Total requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{handler="/a",status="2xx"} 3.0',
      '# HELP http_requests_created Total requests.',
      '# TYPE http_requests_created gauge',
      'http_requests_created{handler="/a",status="2xx"} 1.7e9',
    ].join('\n'),
  );
  assert.deepEqual([...metrics.keys()], ['http_requests_total']);
  assert.equal(metrics.get('http_requests_total')?.series, 2);
});

test('escapes in label values and help: a quoted brace, comma, quote or backslash is text', () => {
  const metrics = parsed(
    [
      '# HELP odd A help with a \\\\ backslash and a \\n newline.',
      '# TYPE odd gauge',
      'odd{path="/a\\"},b=\\"c\\"",note="x\\\\",multi="1\\n2",} 1',
      'odd{path="{},",  note = "y"} -Inf 1700000000000',
      'no_type_here 1e-3',
    ].join('\r\n'),
  );
  const odd = metrics.get('odd');
  assert.deepEqual([...(odd?.labelNames ?? [])].sort(), ['multi', 'note', 'path']);
  assert.equal(odd?.series, 2);
  assert.equal(odd?.help, 'A help with a \\ backslash and a \n newline.');
  assert.equal(metrics.get('no_type_here')?.type, 'untyped');
});

const notMetrics: Array<[string, string, RegExp]> = [
  ['an HTML page', '<!DOCTYPE html>\n<html><head><title>Grafana</title></head><body></body></html>', /HTML page \("Grafana"\)/],
  ['JSON', '{"names":["jvm.memory.used","http.server.requests"]}', /JSON/],
  ['an empty body', '  \n\n', /empty/],
  ["Go's 404 text", '404 page not found\n', /line 1 .*does not start with a metric name.*404 page not found/],
  ['a word where the value goes', 'Not Found', /line 1 .*value "Found" is not a number/],
  ['an unclosed label value on line 3', '# TYPE a gauge\na 1\na{x="oops} 2\n', /line 3 .*no closing quote/],
  ['an unknown type', '# TYPE a summa\n', /line 1 .*unknown type "summa"/],
  ['comments only', '# just a comment\n', /no metric/],
];
for (const [what, body, reason] of notMetrics) {
  test(`not Prometheus text: ${what}, and the reason says so`, () => {
    const result = parseExposition(body);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, reason);
  });
}

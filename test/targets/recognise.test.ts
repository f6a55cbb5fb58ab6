// recognise() on one exposition per client library (test/targets/fixtures/, hand-made from each
// library's source, as their headers say): the family, and which common panels get data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Signal } from '../../cli/targets/family.js';
import { recognise } from '../../cli/targets/families/index.js';
import { Gauge, Histogram, Registry } from 'prom-client';
import { parseExposition } from '../../cli/targets/exposition.js';
import { gradebookExposition } from './gradebook-exposition.js';
import { fixture } from './read-fixture.js';

/** Per fixture: the family recognised and the signals that have no data (every other one has). */
const EXPECTED: Array<[fixture: string, family: string, missing: Signal[]]> = [
  ['prometheus-fastapi-instrumentator', 'prometheus-fastapi-instrumentator', []],
  ['express-prom-bundle', 'express-prom-bundle', ['routes', 'cpu', 'memory']],
  ['otel-semconv', 'otel-semconv', ['cpu', 'memory']],
  ['otel-semconv-old', 'otel-semconv-old', ['cpu', 'memory']],
  ['spring-micrometer', 'spring-micrometer', ['latency']],
  ['go-client-golang', 'go-client-golang', []],
  ['prometheus-net', 'prometheus-net', []],
  ['yabeda-rails', 'yabeda-rails', ['cpu', 'memory']],
  ['unknown', 'unknown', ['requests', 'errors', 'latency', 'routes', 'cpu', 'memory']],
];

for (const [name, family, missing] of EXPECTED) {
  test(`${name}: recognised as ${family}, without data for ${missing.join(', ') || 'nothing'}`, () => {
    const recognised = recognise(fixture(name));
    assert.equal(recognised.family.id, family);
    const without = recognised.offers.filter((o) => !o.data).map((o) => o.signal);
    assert.deepEqual(without, missing);
    for (const offer of recognised.offers.filter((o) => !o.data)) assert.ok(offer.note, `${offer.signal} says why it has no data`);
  });
}

test('what is missing comes with the one setting that adds it', () => {
  const setting = (name: string, signal: Signal) => recognise(fixture(name)).offers.find((o) => o.signal === signal)?.setting;
  assert.equal(setting('spring-micrometer', 'latency'), 'management.metrics.distribution.percentiles-histogram.http.server.requests=true');
  assert.match(setting('express-prom-bundle', 'routes') ?? '', /includePath: true/);
  assert.match(setting('express-prom-bundle', 'cpu') ?? '', /collectDefaultMetrics/);
});

test('a Go service that does not instrument its handlers: request panels empty, told to wrap them', () => {
  const metrics = fixture('go-client-golang');
  metrics.delete('http_requests_total');
  metrics.delete('http_request_duration_seconds');
  const recognised = recognise(metrics);
  assert.equal(recognised.family.id, 'go-client-golang');
  assert.equal(recognised.http, undefined);
  const requests = recognised.offers.find((o) => o.signal === 'requests');
  assert.equal(requests?.data, false);
  assert.match(requests?.setting ?? '', /promhttp\.InstrumentHandlerCounter/);
});

test('express-prom-bundle with includePath has routes; the old OTel metric is read in milliseconds', () => {
  const express = fixture('express-prom-bundle');
  express.get('http_request_duration_seconds')?.labelNames.add('path');
  assert.deepEqual(recognise(express).http?.route, ['path']);
  assert.equal(recognise(fixture('otel-semconv-old')).http?.latency?.unit, 'milliseconds');
  assert.equal(recognise(fixture('otel-semconv')).http?.latency?.unit, 'seconds');
});

test('an unknown family is told what it exposes, largest first', () => {
  const recognised = recognise(fixture('unknown'));
  assert.deepEqual(
    recognised.exposes.map((e) => e.name),
    ['jobs_processed_total', 'queue_depth', 'worker_busy'],
  );
});

test("Go, Java and the Collector's exporters name the stable metric with _seconds: the same family", () => {
  const metrics = fixture('otel-semconv');
  const family = metrics.get('http_server_request_duration')!;
  metrics.delete('http_server_request_duration');
  metrics.set('http_server_request_duration_seconds', { ...family, unit: undefined });
  const recognised = recognise(metrics);
  assert.equal(recognised.family.id, 'otel-semconv');
  assert.equal(recognised.http?.requests, 'http_server_request_duration_seconds_count');
  assert.equal(recognised.http?.latency?.unit, 'seconds');
});

test("the gradebook's own /metrics reads as prometheus-fastapi-instrumentator's shape (the original lab's)", async () => {
  const result = parseExposition(await gradebookExposition());
  assert.ok(result.ok);
  const recognised = recognise(result.metrics);
  assert.equal(recognised.family.id, 'prometheus-fastapi-instrumentator');
  assert.deepEqual(
    recognised.offers.filter((o) => !o.data),
    [],
  );
});

test('before its first request: express-prom-bundle known from HELP and TYPE alone, its path label from the help', () => {
  const fresh = [
    '# HELP http_request_duration_seconds duration histogram of http responses labeled with: status_code, method, path',
    '# TYPE http_request_duration_seconds histogram',
    '',
    '# HELP up 1 = up, 0 = not up',
    '# TYPE up gauge',
    'up 1',
  ].join('\n');
  const result = parseExposition(fresh);
  assert.ok(result.ok);
  const recognised = recognise(result.metrics);
  assert.equal(recognised.family.id, 'express-prom-bundle');
  assert.deepEqual(recognised.http?.route, ['path']);
  assert.match(recognised.provisional ?? '', /no request served yet/);
  assert.equal(recognise(fixture('express-prom-bundle')).provisional, undefined);
});

test("express-prom-bundle's metrics as prom-client itself writes them (its definitions in src/index.js, defaults)", async () => {
  // What makeHttpMetric() and includeUp create with promBundle({}); express itself is not needed to write them.
  const registry = new Registry();
  const labels = ['status_code'];
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: `duration histogram of http responses labeled with: ${labels.join(', ')}`,
    labelNames: labels,
    buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
    registers: [registry],
  });
  new Gauge({ name: 'up', help: '1 = up, 0 = not up', registers: [registry] }).set(1);
  duration.observe({ status_code: 200 }, 0.02);
  duration.observe({ status_code: 500 }, 0.2);
  const result = parseExposition(await registry.metrics());
  assert.ok(result.ok);
  const recognised = recognise(result.metrics);
  assert.equal(recognised.family.id, 'express-prom-bundle');
  assert.deepEqual(recognised.http?.route, []);
  assert.equal(result.metrics.get('http_request_duration_seconds')?.series, 2 * 9);
});

// The client's series hold what the summary holds (same samples, coordinated-omission correction
// and timeouts included), in the server's buckets; and the summary's one-line reading of client
// against server says which of the three cases a run is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import SnappyJS from 'snappyjs';
import { ClientSeries } from '../../cli/load/export/client-series.js';
import { readDifference } from '../../cli/load/export/compare-sides.js';
import { decodeWriteRequest, encodeWriteRequest, STALE_NAN } from '../../cli/load/export/remote-write.js';
import { Recorder } from '../../cli/load/recorder.js';
import { DURATION_BUCKETS, LOAD_METRIC } from '../../server/metric-names.js';

const ENGINE = { inFlight: 0, missed: 0, dropped: 0 };

function seriesValue(series: ClientSeries, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = series
    .values(ENGINE)
    .find(
      (s) =>
        s.labels.some((l) => l.name === '__name__' && l.value === name) &&
        Object.entries(labels).every(([k, v]) => s.labels.some((l) => l.name === k && l.value === v)),
    );
  return found?.value;
}

describe('client series', () => {
  test('count the samples the summary counts: slow answers add the sends they held back, timeouts count as the timeout', () => {
    const series = new ClientSeries('r1');
    const recorder = new Recorder(series);
    recorder.response(200, 800, 1_000_000);
    recorder.response(200, 3_500_000, 1_000_000); // 3.5 s at one send a second: 2.5 s and 1.5 s were held back
    recorder.response(503, 2_000, 1_000_000);
    recorder.timeout(10_000_000);
    recorder.error('ECONNRESET');
    const overall = recorder.overall();
    recorder.destroy();
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_count`), overall.latency.count);
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_count`), 6);
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_bucket`, { le: '0.001' }), 1);
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_bucket`, { le: '2.5' }), 4, '0.8 ms, 2 ms, 1.5 s and 2.5 s (le is inclusive)');
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_bucket`, { le: '5' }), 5);
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_bucket`, { le: '10' }), 6);
    assert.equal(seriesValue(series, `${LOAD_METRIC.duration}_bucket`, { le: '+Inf' }), 6);
    assert.equal(seriesValue(series, LOAD_METRIC.responses, { status: '2xx' }), 2);
    assert.equal(seriesValue(series, LOAD_METRIC.responses, { status: '5xx' }), 1);
    assert.equal(seriesValue(series, LOAD_METRIC.errors, { kind: 'timeout' }), 1);
    assert.equal(seriesValue(series, LOAD_METRIC.errors, { kind: 'ECONNRESET' }), 1);
    assert.equal(seriesValue(series, LOAD_METRIC.sent), 5, 'requests, not samples');
  });

  test("the buckets are the server's, every series carries the run label, labels sorted by name", () => {
    const values = new ClientSeries('r2').values({ ...ENGINE, usersPlanned: 3, usersActive: 2 });
    const les = values.flatMap((s) => s.labels.filter((l) => l.name === 'le').map((l) => l.value));
    assert.deepEqual(les, [...DURATION_BUCKETS.map(String), '+Inf']);
    for (const s of values) {
      assert.ok(s.labels.some((l) => l.name === 'run' && l.value === 'r2'));
      const names = s.labels.map((l) => l.name);
      assert.deepEqual(names, [...names].sort());
    }
  });

  test('the write request decodes to what was encoded; the staleness marker keeps its exact bits on the wire', () => {
    const body = encodeWriteRequest([
      {
        labels: [{ name: '__name__', value: 'x' }],
        samples: [
          { value: 1.5, timestamp: 1_700_000_000_000 },
          { value: STALE_NAN, timestamp: 1_700_000_000_001 },
        ],
      },
    ]);
    const [ts] = decodeWriteRequest(body).timeseries;
    assert.equal(ts.samples[0].value, 1.5);
    assert.equal(ts.samples[0].timestamp, 1_700_000_000_000);
    assert.ok(Number.isNaN(ts.samples[1].value));
    // Any other NaN is stored as a value, not read as "the series ended": field 1 (double) = 0x7ff0000000000002.
    // (Read back into JavaScript it comes out quieted, so the bytes are checked.)
    assert.ok(Buffer.from(SnappyJS.uncompress(body)).includes(Buffer.from('09020000000000f07f', 'hex')), 'the exact StaleNaN bits');
  });
});

describe("the summary's reading of client against server", () => {
  test('within a bucket of each other: they agree', () => {
    assert.match(readDifference({ p50: 1.0, p99: 2.05 }, { p50: 0.95, p99: 1.95 }), /agree/);
  });
  test('the whole distribution shifted: a fixed cost outside the handler', () => {
    assert.match(readDifference({ p50: 3, p99: 4.2 }, { p50: 1, p99: 2 }), /^Every request took about 2\.00ms longer at the client/);
  });
  test('only the tail apart: queueing before the server clock starts', () => {
    assert.match(readDifference({ p50: 1.1, p99: 9 }, { p50: 1, p99: 2 }), /client's p99 is 7\.00ms above the server's: requests queued/);
  });
  test("the server's above the client's: other traffic in its window", () => {
    assert.match(readDifference({ p50: 1, p99: 2 }, { p50: 1, p99: 8 }), /server's p99 is 6\.00ms above the client's/);
  });
});

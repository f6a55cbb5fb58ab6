// Prometheus remote write 1.0: a WriteRequest (protobuf, protobufjs) compressed with snappy's
// block format (snappyjs), POSTed to /api/v1/write. Both encoders are pure JavaScript.
import http from 'node:http';
import protobuf from 'protobufjs';
import SnappyJS from 'snappyjs';
import type { Label } from './client-series.js';

// The messages remote write 1.0 sends, as prometheus/prompb/{remote,types}.proto declare them
// (field numbers are the wire format; the fields we never send are left out).
const WriteRequest = protobuf
  .parse(
    `syntax = "proto3";
    package prometheus;
    message WriteRequest { repeated TimeSeries timeseries = 1; }
    message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
    message Label { string name = 1; string value = 2; }
    message Sample { double value = 1; int64 timestamp = 2; }`,
  )
  .root.lookupType('prometheus.WriteRequest');

/** Prometheus' staleness marker: a series ended here (its NaN bit pattern, not any NaN). */
export const STALE_NAN = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0];

export interface TimeSeries {
  labels: Label[];
  /** Oldest first; timestamps in Unix milliseconds. */
  samples: Array<{ value: number; timestamp: number }>;
}

export function encodeWriteRequest(timeseries: TimeSeries[]): Buffer {
  return Buffer.from(SnappyJS.compress(WriteRequest.encode({ timeseries }).finish()));
}

/** For tests: what Prometheus would decode. */
export function decodeWriteRequest(body: Buffer): { timeseries: TimeSeries[] } {
  const decoded = WriteRequest.decode(SnappyJS.uncompress(body));
  return WriteRequest.toObject(decoded, { longs: Number, defaults: true }) as { timeseries: TimeSeries[] };
}

export type PushResult = { ok: true } | { ok: false; status?: number; reason: string };

/**
 * POSTs one write request. Never throws: a refused connection, a timeout or a non-2xx answer comes
 * back as a reason. node:http, as preflight does: fetch refuses some ports outright.
 */
export function pushWriteRequest(url: string, body: Buffer, timeoutMs: number, agent?: http.Agent): Promise<PushResult> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: agent ?? false,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
          'content-length': body.length,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (text.length < 2000) text += d;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, status, reason: `HTTP ${status}${text ? `: ${text.trim()}` : ''}` });
        });
        res.on('error', (err) => resolve({ ok: false, reason: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, reason: err.code ?? err.message }));
    req.end(body);
  });
}

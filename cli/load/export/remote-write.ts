// Prometheus remote write 1.0: a WriteRequest (protobuf, protobufjs) compressed with snappy's
// block format (snappyjs), POSTed to /api/v1/write. Both encoders are pure JavaScript.
import type http from 'node:http';
import protobuf from 'protobufjs';
import SnappyJS from 'snappyjs';
import { request, ServiceHttpError } from '../../clients/lab-http.js';
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
 * back as a reason, for the exporter to say once and go on.
 */
export async function pushWriteRequest(url: string, body: Buffer, timeoutMs: number, agent?: http.Agent): Promise<PushResult> {
  try {
    const res = await request({
      service: 'Prometheus',
      baseUrl: url,
      method: 'POST',
      agent,
      timeoutMs,
      body,
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' },
      maxBytes: 64 * 1024,
    });
    if (res.status >= 200 && res.status < 300) return { ok: true };
    const text = res.text.slice(0, 2000).trim();
    return { ok: false, status: res.status, reason: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
  } catch (err) {
    if (err instanceof ServiceHttpError) return { ok: false, reason: err.reason };
    return { ok: false, reason: (err as Error).message };
  }
}

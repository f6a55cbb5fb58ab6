// The engine's response framing: where each answer ends and its status, however the bytes are
// split across reads (a real server splits them wherever its writes and the network do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseParser } from '../../cli/load/response-parser.js';

/** Feeds `text` in pieces of `step` bytes; returns the statuses completed and whether it stayed valid. */
function parse(text: string, step: number, head = false): { statuses: number[]; ok: boolean; parser: ResponseParser } {
  const statuses: number[] = [];
  const parser = new ResponseParser((s) => statuses.push(s), head);
  const bytes = Buffer.from(text);
  let ok = true;
  for (let i = 0; i < bytes.length && ok; i += step) {
    const piece = bytes.subarray(i, Math.min(bytes.length, i + step));
    ok = parser.execute(piece, piece.length);
  }
  return { statuses, ok, parser };
}

// Headers we skip: from their first byte (Server, Date, whose value has colons of its own), and
// late (Content-Type; Content-Lengthy is no Content-Length).
const sized =
  'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 03 Dec 2026 00:40:00 GMT\r\nContent-Type: application/json\r\nContent-Lengthy: 99\r\ncontent-length: 13\r\n\r\n[{"id":1234}]';
const chunked = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n5;ext=1\r\nhello\r\n0C\r\n, chunked!!!\r\n0\r\nX-Trailer: 1\r\n\r\n';

test('answers are framed by Content-Length and by chunks, split at any byte', () => {
  for (let step = 1; step <= sized.length + chunked.length; step++) {
    const r = parse(sized + chunked + sized, step);
    assert.ok(r.ok, `step ${step}: ${r.parser.error}`);
    assert.deepEqual(r.statuses, [200, 201, 200], `step ${step}`);
  }
});

test('no body for 204, 304 and answers to HEAD; 100 Continue is not the answer', () => {
  assert.deepEqual(parse('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n', 7).statuses, [204, 304]);
  assert.deepEqual(parse('HTTP/1.1 200 OK\r\nContent-Length: 321\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\n', 3, true).statuses, [200, 404]);
  assert.deepEqual(parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\n{}', 4).statuses, [503]);
});

test('a body without a length ends when the server closes; Connection: close and HTTP/1.0 are noticed', () => {
  const r = parse('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it', 5);
  assert.deepEqual(r.statuses, []);
  assert.equal(r.parser.closing, true);
  assert.equal(r.parser.endOfInput(), false, 'not cut short');
  assert.deepEqual(r.statuses, [200]);
  assert.equal(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', 50).parser.closing, true);
  assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 50).parser.closing, false);
  const cut = parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', 50);
  assert.equal(cut.parser.endOfInput(), true, 'a close in the middle of a body cuts the answer short');
});

test('chunked frames the body only as the last transfer coding; after another, the body runs until the close', () => {
  for (const codings of ['Transfer-Encoding: chunked, gzip', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip']) {
    const r = parse(`HTTP/1.1 200 OK\r\n${codings}\r\n\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n`, 3);
    assert.deepEqual(r.statuses, [], codings);
    assert.equal(r.parser.endOfInput(), false, codings);
    assert.deepEqual(r.statuses, [200], codings);
  }
});

test('bytes that are not an HTTP response are refused, with the reason', () => {
  for (const bad of [
    'SSH-2.0-OpenSSH\r\n',
    'HTTP/1.1 2x0 OK\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n',
    'HTTP/1.1 200 OK\r\nno colon here\n',
    'HTTP/1.1 200 OK\r\nServer nginx\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Lengt\r\n\r\n',
  ]) {
    const r = parse(bad, 4);
    assert.equal(r.ok, false, bad);
    assert.ok(r.parser.error, bad);
  }
});

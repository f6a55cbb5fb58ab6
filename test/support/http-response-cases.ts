// Legal HTTP/1.1 responses (RFC 9112) generated from a seed, each with what it means (status,
// body after chunk decoding, where it ends), for differential tests of response framing. Odd but
// legal on purpose: header names in any case, optional whitespace, chunk extensions, trailers,
// 1xx answers first, obs-text, decoy headers whose names start like the ones that frame.

/** A deterministic PRNG (mulberry32): numbers in [0, 1), the same for the same seed. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

export type ResponseKind = 'length' | 'chunked' | 'no-body' | 'until-close' | 'close-after-length' | 'http/1.0';

export interface GeneratedResponse {
  kind: ResponseKind;
  /** What the server writes, the 1xx answers before the final one included. */
  bytes: Buffer;
  informational: number[];
  status: number;
  /** The content after chunk decoding; empty for HEAD, 204 and 304. */
  body: Buffer;
  /** The body ends only when the server closes the connection. */
  untilClose: boolean;
}

export interface GeneratedCase {
  seed: number;
  /** Every request of the case is a HEAD. */
  head: boolean;
  responses: GeneratedResponse[];
  /** All responses as one connection reads them. */
  stream: Buffer;
  /** The offset in `stream` just past each response. */
  ends: number[];
}

const FINAL_STATUSES = [200, 200, 200, 201, 202, 203, 206, 226, 299, 301, 302, 307, 400, 401, 404, 418, 429, 500, 502, 503, 599];
const REASONS = ['OK', '', 'Some Reason With Spaces', 'caf\xe9', 'x\ty'];
const INFORMATIONAL = [
  [100, 'HTTP/1.1 100 Continue\r\n\r\n'],
  [102, 'HTTP/1.1 102 Processing\r\n\r\n'],
  [103, 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nlink: </b.js>; rel=preload\r\n\r\n'],
] as const;
// Legal fields the framer must skip; several start like content-length, transfer-encoding or connection.
const DECOYS = [
  'Server: nginx/1.25.3',
  'Date: Mon, 07 Dec 2026 19:59:25 GMT',
  'Content-Type: application/json; charset=utf-8',
  'Content-Lengthy: 99',
  'X-Content-Length: 12345',
  'Content-Location: /students/1',
  'Connection-Id: close',
  'Transfer-Encodings: chunked',
  'X-Empty:',
  'Set-Cookie: a=b; Path=/; HttpOnly',
  'ETag: "abc:def"',
  'X-Latin: caf\xe9 cr\xe8me',
  'Cache-Control: no-cache',
  'X-Note:\tchunked close\t',
  'X-Colons: a:b:c',
];
const TRANSFER_ENCODINGS = ['chunked', 'Chunked', 'CHUNKED', 'gzip, chunked', 'gzip,chunked', 'gzip ,\tchunked'];
// Framing headers that leave the body to run until the close: chunked, when present, is not last.
const CLOSE_DELIMITED = [[], ['Transfer-Encoding: gzip'], ['Transfer-Encoding: chunked, gzip'], ['Transfer-Encoding: chunked', 'Transfer-Encoding: gzip']];
const CHUNK_EXTENSIONS = ['', '', ';a', ';name=value', ';q="x;y\\"z"', ';a=1;b'];
const TRAILERS = ['X-Checksum: abc', 'Expires: Tue, 08 Dec 2026 00:00:00 GMT', 'x-t:\t1'];
// Body bytes that look like framing, so a framer that reads into a body is noticed.
const BODY_WORDS = ['HTTP/1.1 200 OK\r\n', '\r\n\r\n', '0\r\n\r\n', 'Content-Length: 5\r\n', '\n', '{"id":1}', 'x'];

/** A header name in lower, canonical, upper or mixed case. */
function spell(rng: Rng, name: string): string {
  const how = int(rng, 0, 3);
  if (how === 0) return name.toLowerCase();
  if (how === 1) return name;
  if (how === 2) return name.toUpperCase();
  return [...name].map((c) => (rng() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
}

/**
 * A field line with optional whitespace around the value. No trailing HTAB on Content-Length and
 * Transfer-Encoding: RFC 9112 allows it, but Node 20's parser refuses the first and misreads the
 * second, and the test needs Node to read each case as meant.
 */
function field(rng: Rng, name: string, value: string, tabAfter = true): string {
  const before = pick(rng, ['', ' ', '  ', '\t', ' \t']);
  const after = pick(rng, tabAfter ? ['', '', ' ', '\t'] : ['', '', ' ', '  ']);
  return `${spell(rng, name)}:${before}${value}${after}`;
}

function body(rng: Rng, size: number): Buffer {
  if (size > 4096) {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = rng() * 256;
    return bytes;
  }
  let text = '';
  while (text.length < size) text += rng() < 0.5 ? pick(rng, BODY_WORDS) : String.fromCharCode(int(rng, 0, 255));
  return Buffer.from(text.slice(0, size), 'latin1');
}

function chunked(rng: Rng, content: Buffer, large: boolean): string {
  let out = '';
  for (let at = 0; at < content.length; ) {
    const size = Math.min(content.length - at, int(rng, 1, large ? 2048 : 24));
    const hex = size.toString(16);
    out += `${rng() < 0.2 ? '00' : ''}${rng() < 0.5 ? hex : hex.toUpperCase()}${pick(rng, CHUNK_EXTENSIONS)}\r\n`;
    out += content.subarray(at, at + size).toString('latin1') + '\r\n';
    at += size;
  }
  out += `${rng() < 0.2 ? '000' : '0'}${pick(rng, CHUNK_EXTENSIONS)}\r\n`;
  for (let n = int(rng, 0, 2); n > 0; n--) out += pick(rng, TRAILERS) + '\r\n';
  return out + '\r\n';
}

function response(rng: Rng, kind: ResponseKind, head: boolean, large: boolean): GeneratedResponse {
  const informational: number[] = [];
  let text = '';
  if (kind !== 'http/1.0' && rng() < 0.15) {
    for (let n = int(rng, 1, 2); n > 0; n--) {
      const [status, line] = pick(rng, INFORMATIONAL);
      informational.push(status);
      text += line;
    }
  }
  const status = kind === 'no-body' ? pick(rng, [204, 304]) : pick(rng, FINAL_STATUSES);
  text += `HTTP/1.${kind === 'http/1.0' ? 0 : 1} ${status} ${pick(rng, REASONS)}\r\n`;
  const fields: string[] = [];
  const content = kind === 'no-body' ? Buffer.alloc(0) : body(rng, large ? int(rng, 20_000, 300_000) : pick(rng, [0, int(rng, 1, 10), int(rng, 10, 60)]));
  let payload = content.toString('latin1');
  if (kind === 'length' || kind === 'close-after-length' || kind === 'http/1.0') {
    fields.push(field(rng, 'Content-Length', `${rng() < 0.1 ? '00' : ''}${content.length}`, false));
  } else if (kind === 'chunked') {
    const te =
      rng() < 0.2 ? ['Transfer-Encoding: gzip', 'Transfer-Encoding: chunked'] : [field(rng, 'Transfer-Encoding', pick(rng, TRANSFER_ENCODINGS), false)];
    fields.push(...te);
    if (rng() < 0.3) fields.push('Trailer: X-Checksum');
    payload = chunked(rng, content, large);
  } else if (kind === 'until-close') fields.push(...pick(rng, CLOSE_DELIMITED));
  else if (status === 304 && rng() < 0.5) fields.push(pick(rng, ['Content-Length: 99', 'Transfer-Encoding: chunked']));
  if (kind === 'close-after-length' || (kind === 'until-close' && rng() < 0.5)) fields.push(field(rng, 'Connection', pick(rng, ['close', 'Close', 'CLOSE'])));
  else if (kind !== 'http/1.0' && rng() < 0.3) fields.push(field(rng, 'Connection', pick(rng, ['keep-alive', 'Keep-Alive'])), 'Keep-Alive: timeout=5, max=100');
  // Other fields around the framing ones, whose order is kept (the last transfer coding counts).
  const decoys = Array.from({ length: int(rng, 0, large ? 8 : 4) }, () => pick(rng, DECOYS));
  if (rng() < 0.2) decoys.push(`X-Long: ${'a'.repeat(int(rng, 100, large ? 3000 : 300))}`);
  for (const d of decoys) fields.splice(int(rng, 0, fields.length), 0, d);
  text += fields.map((f) => f + '\r\n').join('') + '\r\n';
  const bodyless = head || kind === 'no-body';
  if (!bodyless) text += payload;
  return {
    kind,
    bytes: Buffer.from(text, 'latin1'),
    informational,
    status,
    body: bodyless ? Buffer.alloc(0) : content,
    untilClose: kind === 'until-close' && !head,
  };
}

/** A connection's worth of responses: 1-4 small ones, or 1-3 large (20-300 KB bodies, many chunks). */
export function generateCase(seed: number, large = false): GeneratedCase {
  const rng = seededRng(seed);
  const head = rng() < 0.15;
  const count = int(rng, 1, large ? 3 : 4);
  const responses: GeneratedResponse[] = [];
  for (let i = 0; i < count; i++) {
    const kinds: ResponseKind[] = large ? ['length', 'chunked'] : ['length', 'length', 'chunked', 'chunked', 'no-body'];
    // Only the last answer on a connection may end it.
    if (i === count - 1 && !large) kinds.push(...(head ? [] : (['until-close'] as const)), 'close-after-length', 'http/1.0');
    responses.push(response(rng, pick(rng, kinds), head, large));
  }
  const ends: number[] = [];
  for (const r of responses) ends.push((ends.at(-1) ?? 0) + r.bytes.length);
  return { seed, head, responses, stream: Buffer.concat(responses.map((r) => r.bytes)), ends };
}

/** `count` distinct random cut points inside a stream of `length` bytes, in order. */
export function randomCuts(rng: () => number, length: number, count: number): number[] {
  const cuts = new Set<number>();
  while (cuts.size < Math.min(count, length - 1)) cuts.add(int(rng, 1, length - 1));
  return [...cuts].sort((a, b) => a - b);
}

// The engine's response framer against Node's own HTTP parser: the same generated legal responses
// (Content-Length, chunked, 1xx first, 204/304, HEAD, bodies that run until the close, odd but
// legal headers) must end at the same bytes with the same statuses for both. Node cannot say at
// which byte it ended a response, so it is held to the generator's ends instead: it must read each
// response whole, on one connection, neither waiting for more bytes nor finding spare ones. The
// framer then must report those ends fed every byte alone, every cut into two (small cases) and
// random pieces (large ones), through a read buffer longer than each read, as the engine's is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseParser } from '../../cli/load/response-parser.js';
import { type GeneratedCase, generateCase, randomCuts, seededRng } from '../support/http-response-cases.js';
import { startNodeResponseReader } from '../support/node-response-reader.js';

const FIRST_SEED = 20261207;
const SMALL_CASES = 200;
const LARGE_CASES = 10;
const RANDOM_SPLITS = 20;

interface Framing {
  /** Responses complete after each piece, then after the end of input. */
  completeAfter: number[];
  statuses: number[];
  error?: string;
  cutShort: boolean;
}

/** A reused read buffer, as the engine's: past what each read filled, line ends, the worst to misread. */
const LF = 10;
let readBuffer = Buffer.alloc(0);

/** Feeds the stream cut at `cuts` to a fresh framer, each piece through the read buffer. */
function frame(c: GeneratedCase, cuts: number[]): Framing {
  const statuses: number[] = [];
  const parser = new ResponseParser((s) => statuses.push(s), c.head);
  const completeAfter: number[] = [];
  if (readBuffer.length < c.stream.length) readBuffer = Buffer.alloc(c.stream.length * 2, LF);
  let from = 0;
  for (const to of [...cuts, c.stream.length]) {
    c.stream.copy(readBuffer, 0, from, to);
    const ok = parser.execute(readBuffer, to - from);
    readBuffer.fill(LF, 0, to - from);
    if (!ok) return { completeAfter, statuses, error: parser.error, cutShort: true };
    completeAfter.push(statuses.length);
    from = to;
  }
  const cutShort = parser.endOfInput();
  completeAfter.push(statuses.length);
  return { completeAfter, statuses, cutShort };
}

/** How many responses Node's reading has complete after each piece, then after the close. */
function expectedAfter(c: GeneratedCase, cuts: number[]): number[] {
  const ends = c.ends.filter((_, i) => !c.responses[i].untilClose);
  return [...[...cuts, c.stream.length].map((to) => ends.filter((e) => e <= to).length), c.ends.length];
}

/** Why the framer's reading of `c` cut at `cuts` differs from Node's statuses, or undefined. */
function disagreement(c: GeneratedCase, cuts: number[], statuses: number[]): string | undefined {
  const f = frame(c, cuts);
  if (f.error) return `the framer refused it: ${f.error}`;
  if (f.cutShort) return 'the framer found the last response cut short';
  const want = expectedAfter(c, cuts);
  const i = want.findIndex((n, k) => f.completeAfter[k] !== n);
  if (i >= 0) {
    const at = i < cuts.length ? `after byte ${cuts[i]}` : i === cuts.length ? 'after the last byte' : 'at the close';
    return `${at} the framer had ${f.completeAfter[i]} responses complete, Node ${want[i]} (ends at ${c.ends.join(', ')})`;
  }
  if (f.statuses.join() !== statuses.join()) return `statuses ${f.statuses.join()}, Node ${statuses.join()}`;
  return undefined;
}

/** Each response's bytes in the pieces `cuts` makes of the stream, for the server to write. */
function piecesOf(c: GeneratedCase, cuts: number[]): Buffer[][] {
  return c.responses.map((_, i) => {
    const start = i === 0 ? 0 : c.ends[i - 1];
    const inside = cuts.filter((x) => x > start && x < c.ends[i]);
    return [start, ...inside].map((from, k, all) => c.stream.subarray(from, all[k + 1] ?? c.ends[i]));
  });
}

test('the framer ends each generated response where Node does, with the same status, however the bytes are split', { timeout: 120_000 }, async (t) => {
  const node = await startNodeResponseReader();
  t.after(() => node.close());
  const kinds = new Map<string, number>();
  for (let n = 0; n < SMALL_CASES + LARGE_CASES; n++) {
    const seed = FIRST_SEED + n;
    const large = n >= SMALL_CASES;
    const c = generateCase(seed, large);
    const where = `seed ${seed}${large ? ' (large)' : ''}${c.head ? ' HEAD' : ''}: ${c.responses.map((r) => r.kind).join(', ')}`;
    for (const r of c.responses) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    const rng = seededRng(seed ^ 0x9e3779b9);

    // Node must read the case as generated, or it proves nothing about the framer.
    const nodeCuts = randomCuts(rng, c.stream.length, c.responses.length * 3);
    const { readings, connections } = await node.read(piecesOf(c, nodeCuts), c.head ? 'HEAD' : 'GET').catch((e: Error) => {
      throw new Error(`${where}: ${e.message}`);
    });
    assert.equal(connections, 1, `${where}: Node found bytes after a response and dropped the connection`);
    assert.deepEqual(
      readings.map((r) => [r.informational, r.status, r.body.toString('latin1')]),
      c.responses.map((r) => [r.informational, r.status, r.body.toString('latin1')]),
      where,
    );
    const statuses = readings.map((r) => r.status);

    // Small cases: every byte alone (exact ends), then every cut into two; large: random pieces.
    const splits: number[][] = [nodeCuts];
    if (large) for (let k = 0; k < RANDOM_SPLITS; k++) splits.push(randomCuts(rng, c.stream.length, Math.floor(rng() * 200) + 1));
    else {
      splits.push(Array.from({ length: c.stream.length - 1 }, (_, i) => i + 1));
      for (let cut = 1; cut < c.stream.length; cut++) splits.push([cut]);
    }
    for (const cuts of splits) {
      const why = disagreement(c, cuts, statuses);
      if (why) assert.fail(`${where}, cut at ${cuts.length > 10 ? `${cuts.length} points` : cuts.join(', ')}: ${why}`);
    }
  }
  // The generator must keep producing every kind, or a change to it would quietly test less.
  for (const kind of ['length', 'chunked', 'no-body', 'until-close', 'close-after-length', 'http/1.0'])
    assert.ok((kinds.get(kind) ?? 0) >= 5, `${kind}: ${kinds.get(kind)}`);
});

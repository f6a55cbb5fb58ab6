// `o11y load` on real terminals of 40 to 120 columns (tmux), and one narrowed mid-run: the live
// line stays one row rewritten in place (no stale rows), fitted whole (nothing cut), and the
// summary wraps between words, never inside its URL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildCli, type CliBuild } from '../support/cli-build.js';
import { inTmux } from '../support/tmux.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let cli: CliBuild;
let server: TrivialServer;
let cwd: string;
before(async () => {
  cli = buildCli();
  // 600 ms answers to 20 users keep about 12 requests in flight: the line's longest form.
  server = await startTrivialServer({ delayMs: 600 });
  cwd = mkdtempSync(path.join(os.tmpdir(), 'o11y-live-line-'));
});
after(async () => {
  cli?.remove();
  await server?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** A live row: elapsed, then the users (any form the fitting leaves). */
const LIVE = /^ *\d+(m\d\d)?s +20( users|u) /;
/** A whole live row: every piece complete, in order, and nothing after the last. */
const WHOLE =
  /^ *\d+(m\d\d)?s +20( users|u) +[\d.]+( rps|\/s)( +p50 +[\d.]+m?s)? +p99 +[\d.]+m?s +(errors|err) \d+( +\d+ (users waiting for an answer|waiting))?$/;

function load(columns: number, seconds: number) {
  return inTmux([process.execPath, cli.entry, 'load', '--target', server.url, '--force', '-u', '20', '-d', `${seconds}s`], { columns, cwd });
}

/** The rows once the run ended: exactly one live row, whole and within the width; the summary fitted. */
function assertFitted(rows: string[], columns: number): string {
  const live = rows.filter((r) => LIVE.test(r));
  assert.equal(live.length, 1, `one live row rewritten in place, not ${live.length}:\n${rows.join('\n')}`);
  assert.match(live[0], WHOLE, `the live row is whole:\n${rows.join('\n')}`);
  assert.ok(live[0].length < columns, `${live[0].length} columns: ${live[0]}`);
  const summary = rows.slice(rows.findIndex((r) => r.startsWith('Summary')));
  assert.ok(summary.length > 5, rows.join('\n'));
  for (const r of summary) assert.ok(r.length < columns, `wider than ${columns - 1}: ${r}`);
  // The target's URL whole on one row; figure and unit, label and figure together.
  assert.ok(
    summary.some((r) => r.includes(`${server.url}/students/`)),
    summary.join('\n'),
  );
  assert.match(summary.join('\n'), /p99 [\d.]+m?s/);
  assert.doesNotMatch(summary.join('\n'), /(p50|p90|p99|max)\n/, 'a label is never left without its figure');
  return live[0];
}

describe('o11y load in a terminal', () => {
  for (const columns of [40, 60, 80, 100, 120]) {
    test(`at ${columns} columns: one live row, fitted whole; the summary wraps between words`, async () => {
      const term = load(columns, 3);
      try {
        assert.equal(await term.exited(60_000), 0, term.rows().join('\n'));
        const live = assertFitted(term.rows(), columns);
        // Wide enough, the line is whole; narrow, the in-flight note gives way first and p99 stays.
        if (columns >= 120) assert.match(live, /users waiting for an answer$/);
        if (columns <= 60) assert.doesNotMatch(live, /waiting/);
        assert.match(live, /p99/);
      } finally {
        term.close();
      }
    });
  }

  test('narrowed mid-run from 120 to 60 columns: the wide line is gone, the next fits, no stale row', async () => {
    const term = load(120, 5);
    try {
      await term.waitFor(/users waiting for an answer/, 30_000);
      term.resize(60);
      assert.equal(await term.exited(60_000), 0, term.rows().join('\n'));
      const rows = term.rows();
      assertFitted(rows, 60);
      assert.ok(!rows.some((r) => /answer|waiting/.test(r)), `the line drawn at 120 columns left nothing behind:\n${rows.join('\n')}`);
      // What was printed above the live line is still there.
      assert.ok(
        rows.some((r) => r.startsWith(`GET ${server.url}/students/`)),
        rows.join('\n'),
      );
    } finally {
      term.close();
    }
  });
});

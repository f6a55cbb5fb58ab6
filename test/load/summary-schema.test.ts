// `o11y load --json` keeps the shape schemas/load-summary.v1.json describes: real runs of every
// mode (users, rate, max), through the built CLI against a local server, validate against it, and
// the schema tells the modes apart (a figure of another mode, or a missing one, is refused).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUMMARY_SCHEMA_VERSION } from '../../cli/load/summary.js';
import { buildCli, runLoad, type CliBuild } from '../support/cli-build.js';
import { summarySchemaErrors } from '../support/summary-schema.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let cli: CliBuild;
let server: TrivialServer;
let tmp: string;
before(async () => {
  cli = buildCli();
  server = await startTrivialServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'o11y-load-schema-'));
});
after(async () => {
  await server?.close();
  cli?.remove();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The summary `o11y load --json ARGS` prints against the local server. */
async function summaryOf(args: string[]): Promise<Record<string, unknown>> {
  const r = await runLoad(cli, ['--target', server.url, '--force', '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function assertValid(summary: unknown, what: string): void {
  assert.deepEqual(summarySchemaErrors(summary), [], what);
}

function assertInvalid(summary: unknown, what: string): void {
  assert.notDeepEqual(summarySchemaErrors(summary), [], `${what} should not match the schema`);
}

const runs: Record<string, Record<string, unknown>> = {};

describe('the --json summary matches schemas/load-summary.v1.json', () => {
  test('users mode, with a warm-up and thresholds', async () => {
    const s = await summaryOf(['--users', '20', '-d', '3s', '--warmup', '1s', '--max-p99', '1s', '--max-error-rate', '1%']);
    runs.users = s;
    assert.equal(s.schemaVersion, SUMMARY_SCHEMA_VERSION);
    assert.equal(s.mode, 'users');
    assertValid(s, 'users');
  });

  test('rate mode, with its HTML report', async () => {
    const report = path.join(tmp, 'rate.html');
    const s = await summaryOf(['--rate', '200', '-d', '2s', '--report', report]);
    runs.rate = s;
    assert.equal(s.mode, 'rate');
    assert.equal(s.report, report);
    assertValid(s, 'rate');
  });

  test('max mode', async () => {
    const s = await summaryOf(['--max', '-c', '4', '-d', '2s']);
    runs.max = s;
    assert.equal(s.mode, 'max');
    assertValid(s, 'max');
  });

  test("the schema refuses another mode's figures, a missing one, and another version", () => {
    assert.equal(Object.keys(runs).length, 3, 'the three runs above passed');
    const { missed: _missed, ...usersWithoutMissed } = runs.users;
    assertInvalid(usersWithoutMissed, 'users without missed');
    assertInvalid({ ...runs.users, waited: 0 }, 'users with a rate figure');
    assertInvalid({ ...runs.max, plannedRequests: 10 }, 'max with plannedRequests');
    assertInvalid({ ...runs.rate, mode: 'users' }, 'a rate summary called users');
    const timeline = runs.rate.timeline as Record<string, unknown>[];
    const { waited: _waited, ...tickWithoutWaited } = timeline[0];
    assertInvalid({ ...runs.rate, timeline: [tickWithoutWaited, ...timeline.slice(1)] }, 'a rate second without waited');
    assertInvalid({ ...runs.users, schemaVersion: SUMMARY_SCHEMA_VERSION + 1 }, 'another schemaVersion');
    assertInvalid({ ...runs.max, surprise: true }, 'a field the schema does not know');
  });
});

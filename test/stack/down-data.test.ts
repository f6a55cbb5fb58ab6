// `o11y down --volumes` also deletes the data a non-root `up` keeps in the state folder
// (Alertmanager's, see cli/stack/file-access.ts); plain `down` keeps it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireDocker } from '../support/docker.js';
import { o11y, scratchDir } from '../support/o11y-cli.js';

const cwd = scratchDir('o11y-down-data');
const data = path.join(cwd, '.o11y', 'data', 'alertmanager');
before(requireDocker);
after(() => rmSync(cwd, { recursive: true, force: true }));

test("down keeps the state folder's data; down --volumes removes the lab's (only) and says so", async () => {
  // A project name of its own: nothing of it runs, so only the data folder is at stake.
  writeFileSync(path.join(cwd, 'o11y.yaml'), `project: o11y-down-data-${process.pid}\n`);
  mkdirSync(data, { recursive: true });
  writeFileSync(path.join(cwd, '.o11y', 'data', 'mine.txt'), "not the lab's");
  writeFileSync(path.join(data, 'nflog'), 'x');

  const kept = await o11y(['down'], { cwd });
  assert.equal(kept.exitCode, 0, kept.stderr);
  assert.ok(existsSync(path.join(data, 'nflog')));

  const removed = await o11y(['down', '--volumes'], { cwd });
  assert.equal(removed.exitCode, 0, removed.stderr);
  assert.match(removed.stdout, /removed \.o11y\/data\/alertmanager \(data deleted\)/);
  assert.ok(!existsSync(data));
  // Only what the lab keeps there: a file of the user's beside it stays.
  assert.ok(existsSync(path.join(cwd, '.o11y', 'data', 'mine.txt')));

  const again = await o11y(['down', '--volumes'], { cwd });
  assert.match(again.stdout, /Nothing to remove/);
});

test('down works with a misspelt setting in o11y.yaml, saying what it ignores', async () => {
  writeFileSync(path.join(cwd, 'o11y.yaml'), `project: o11y-down-data-${process.pid}\nscrapeIntervall: 5s\n`);
  const res = await o11y(['down'], { cwd });
  assert.equal(res.exitCode, 0, res.stderr);
  assert.match(res.stderr, /ignoring unknown setting\(s\) in o11y\.yaml: scrapeIntervall/);
  assert.match(res.stdout, new RegExp(`Nothing to remove: lab "o11y-down-data-${process.pid}"`));
  // A misspelt project would silently mean the default lab: refused instead.
  writeFileSync(path.join(cwd, 'o11y.yaml'), `projct: o11y-down-data-${process.pid}\n`);
  const risky = await o11y(['down', '--volumes'], { cwd });
  assert.equal(risky.exitCode, 1);
  assert.match(risky.stderr, /unknown setting "projct": was it meant to name the lab\? Not guessing/);
});

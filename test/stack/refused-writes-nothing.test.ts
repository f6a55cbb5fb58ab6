// A command that is refused writes nothing, not even an empty state folder. Seen in a trial:
// `up` from another folder refused with "Nothing was written." and left an empty `.o11y/` there
// (the lab lock's folder, made before the refusal).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acquireLabLock } from '../../cli/lab/lab-lock.js';
import { assertBuilt, scratchDir } from '../support/o11y-cli.js';
import { createTestUser, o11yAsUser, removeTestUser, type TestUser } from '../support/test-user.js';

const name = `o11yrefused${process.pid % 100000}`;
let user: TestUser;

before(async () => {
  assertBuilt();
  user = await createTestUser(name);
});
after(() => removeTestUser(name));

describe('a refused command writes nothing', () => {
  it('up with no engine to reach, as an ordinary user: refused, and the folder is as it was', async () => {
    const res = await o11yAsUser(user, ['up'], 60_000, { env: { DOCKER_HOST: `unix://${user.home}/no-docker.sock` } });
    assert.equal(res.exitCode, 1, String(res.stderr));
    assert.match(String(res.stderr), /does not answer/);
    assert.deepEqual(readdirSync(user.dir), [], 'no .o11y/ left behind');
  });

  it('the lab lock removes the state folder it made when nothing else was written in it, and keeps one that has files', async () => {
    const dir = scratchDir('o11y-lock-folder');
    try {
      const stateDir = path.join(dir, 'state', '.o11y');
      (await acquireLabLock(stateDir, 'up'))();
      assert.deepEqual(readdirSync(dir), [], 'both folders mkdir -p made are gone');
      const release = await acquireLabLock(stateDir, 'up');
      writeFileSync(path.join(stateDir, 'secrets.yaml'), 'x: 1\n');
      release();
      assert.deepEqual(readdirSync(stateDir), ['secrets.yaml']);
      // A folder that was there before is never removed, empty or not.
      rmSync(path.join(stateDir, 'secrets.yaml'));
      mkdirSync(stateDir, { recursive: true });
      (await acquireLabLock(stateDir, 'up'))();
      assert.ok(existsSync(stateDir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// An output that cannot start (the lab's secrets unreadable for --until-alert, say) fails the
// command with its own error before any request is sent, in every mode, and leaves nothing open.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UserError } from '../../cli/errors.js';
import { rampThenHold } from '../../cli/load/plan.js';
import { startLoad } from '../../cli/load/run-load.js';
import type { LoadMode } from '../../cli/load/summary.js';
import { startTrivialServer, type TrivialServer } from '../support/trivial-server.js';

let server: TrivialServer;
before(async () => {
  server = await startTrivialServer();
});
after(async () => {
  await server?.close();
});

for (const mode of ['users', 'rate', 'max'] as LoadMode[]) {
  test(`${mode}: an output failing at the start fails the run with its error, and nothing is sent`, async () => {
    const before = { served: server.served(), connections: server.connections() };
    const broken = new UserError('cannot read the secrets file', { code: 'O11Y_SECRETS_INVALID' });
    let ticks = 0;
    const run = startLoad({
      mode,
      plan: rampThenHold(mode === 'max' ? 4 : 50, 0, 3000),
      target: { origin: server.url, path: '/students/', method: 'GET', timeoutMs: 2000 },
      connections: mode === 'max' ? 4 : undefined,
      outputs: [{ tick: () => void ticks++ }, { start: () => Promise.reject(broken) }],
    });
    const started = Date.now();
    await assert.rejects(run.done, (err) => err === broken);
    assert.ok(Date.now() - started < 2000, `it took ${Date.now() - started} ms to fail, not at once`);
    // Anything in flight would show up here within a moment.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(server.served() - before.served, 0, 'requests were sent');
    assert.equal(server.connections() - before.connections, 0, 'connections were opened');
    assert.equal(ticks, 0);
  });
}

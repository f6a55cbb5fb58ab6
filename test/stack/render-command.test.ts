import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { portFree } from '../../cli/lab/check-ports.js';
import { assertBuilt, o11y, ok } from '../support/o11y-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-render-'));
before(() => assertBuilt());
after(() => rmSync(dir, { recursive: true, force: true }));

describe('o11y render', () => {
  it('writes a compose project whose secrets are git-ignored', async () => {
    ok(await o11y(['render', '--out', 'lab'], { cwd: dir }), 'o11y render');
    const out = path.join(dir, 'lab');
    assert.ok(statSync(path.join(out, 'compose.yaml')).isFile());
    const ignore = readFileSync(path.join(out, '.gitignore'), 'utf8');
    assert.match(ignore, /^\.env$/m);
    assert.match(ignore, /^config\/alertmanager\/alertmanager\.yml$/m);
  });
});

describe('host port checks', () => {
  it('a taken port is "not free"; an address this machine does not have is an error saying so', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      assert.equal(await portFree('127.0.0.1', port), false);
    } finally {
      holder.close();
    }
    // 192.0.2.0/24 is reserved for documentation: never assigned to this host. Nothing is sent.
    await assert.rejects(portFree('192.0.2.10', port), /192\.0\.2\.10 is not an address of this machine/);
  });
});

// What `o11y alerts` and `o11y chaos` say when the lab is not there or the input is wrong.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ensureSecrets } from '../../cli/config/secrets.js';
import { freePort } from '../support/free-port.js';

const cli = path.resolve('bin/o11y.js');
let dir: string;
let ports: { app: number; prometheus: number; alertmanager: number };

const o11y = (...args: string[]) => {
  const res = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: res.status, out: res.stdout, err: res.stderr };
};

before(async () => {
  assert.ok(existsSync('dist/cli/index.js'), 'the CLI is not built: run `npm run build` first');
  dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-alerts-cli-'));
  // Ports where nothing listens.
  ports = { app: await freePort(), prometheus: await freePort(), alertmanager: await freePort() };
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ ports }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('o11y alerts without a running lab says Prometheus is not answering and how to start it', () => {
  const r = o11y('alerts');
  assert.equal(r.code, 1);
  assert.match(r.err, new RegExp(`Prometheus at http://127.0.0.1:${ports.prometheus} is not answering \\(ECONNREFUSED\\)`));
  assert.match(r.err, /o11y up/);
  // The code to look up comes first, as docs/troubleshooting.md lists it.
  assert.match(r.err, /^✖ Error \[O11Y_SERVICE_UNREACHABLE\]: Prometheus at /m);
});

test('o11y chaos without a chaos token points to init', () => {
  const r = o11y('chaos');
  assert.equal(r.code, 1);
  assert.match(r.err, /No chaos token in the secrets file/);
  assert.match(r.err, /o11y init/);
});

test('o11y chaos checks its arguments before talking to the app, and says when the app is down', () => {
  ensureSecrets(path.join(dir, '.o11y'));
  assert.match(o11y('chaos', 'latency').err, /needs an amount[\s\S]*o11y chaos latency 600ms/);
  assert.match(o11y('chaos', 'errors', '150%').err, /Invalid error rate "150%"/);
  assert.match(o11y('chaos', 'latency', 'slow').err, /Invalid latency "slow"/);
  assert.match(o11y('chaos', 'latency', '600').err, /Invalid latency "600"[\s\S]*Did you mean 600ms\?/);
  assert.match(o11y('chaos', 'explode').err, /Unknown fault "explode"/);
  // A negative amount is an amount, not an unknown option.
  const negative = o11y('chaos', 'latency', '-5s');
  assert.equal(negative.code, 1);
  assert.doesNotMatch(negative.err, /unknown option/);
  assert.match(negative.err, /Invalid latency "-5s"/);
  const down = o11y('chaos', 'latency', '600ms');
  assert.equal(down.code, 1);
  assert.match(down.err, new RegExp(`app at http://127.0.0.1:${ports.app} is not answering`));
});

test('with bindAddress set to a specific address, alerts and chaos talk to that address', () => {
  const bound = mkdtempSync(path.join(os.tmpdir(), 'o11y-alerts-bind-'));
  try {
    writeFileSync(path.join(bound, 'o11y.yaml'), YAML.stringify({ bindAddress: '127.0.0.2', ports }));
    ensureSecrets(path.join(bound, '.o11y'));
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], { cwd: bound, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    assert.match(run({}, 'alerts').stderr, new RegExp(`Prometheus at http://127\\.0\\.0\\.2:${ports.prometheus} is not answering`));
    assert.match(run({}, 'chaos', 'latency', '600ms').stderr, new RegExp(`app at http://127\\.0\\.0\\.2:${ports.app} is not answering`));
    // O11Y_BIND_ADDRESS beats the file, and a wildcard bind is reached on the loopback.
    assert.match(run({ O11Y_BIND_ADDRESS: '0.0.0.0' }, 'alerts').stderr, new RegExp(`Prometheus at http://127\\.0\\.0\\.1:${ports.prometheus} `));
  } finally {
    rmSync(bound, { recursive: true, force: true });
  }
});

// -c has one meaning across o11y: --connections (o11y load), as in autocannon, wrk and hey. The
// config file is --config everywhere, load included; a -c given for it is answered, not ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { o11y, scratchDir } from '../support/o11y-cli.js';

const CONFIG_COMMANDS = ['init', 'up', 'down', 'status', 'logs', 'render', 'doctor', 'open', 'alerts', 'chaos'];

test('every --help shows --config; only load shows a -c, and it is --connections', async () => {
  const dir = scratchDir('o11y-short-c');
  try {
    for (const command of [...CONFIG_COMMANDS, 'load']) {
      const help = (await o11y([command, '--help'], { cwd: dir })).stdout;
      assert.match(help, /--config <file>/, `${command} --help`);
      const shortC = help.split('\n').filter((l) => /^\s+-c\b/.test(l));
      assert.deepEqual(
        shortC.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')),
        command === 'load' ? ['-c, --connections'] : [],
        `${command} --help`,
      );
    }
    const load = (await o11y(['load', '--help'], { cwd: dir })).stdout.replace(/\s+/g, ' ');
    assert.match(load, /-c is connections in every o11y command, as in autocannon, wrk and hey/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('-c for a config file is refused with the --config to type, before anything runs', async () => {
  const dir = scratchDir('o11y-short-c');
  try {
    for (const command of ['status', 'up', 'init']) {
      const r = await o11y([command, '-c', 'lab.yaml'], { cwd: dir, timeoutMs: 30_000 });
      assert.equal(r.exitCode, 1, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /-c is not --config: in o11y, -c is short for --connections \(o11y load\)/, command);
      assert.match(r.stderr, /Name the config file in full: --config lab\.yaml/, command);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

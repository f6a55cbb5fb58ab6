// The npx name hazard: `npx o11y` outside the clone runs the unrelated public package `o11y`.
// Hints name this package as the user ran it (cli/invocation.ts), and nothing else in cli/ says
// `npx o11y`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { o11yInvocation } from '../../cli/invocation.js';
import { ROOT, scratchDir } from '../support/o11y-cli.js';

const NPX = { npm_command: 'exec', npm_package_name: 'o11y-lab', npm_config_local_prefix: '/home/ada/o11y-lab' };

test('npx inside the clone: `npx o11y`; from elsewhere: `npx --prefix <clone> o11y`; otherwise `o11y`', () => {
  assert.equal(o11yInvocation(NPX, '/home/ada/o11y-lab'), 'npx o11y');
  assert.equal(o11yInvocation(NPX, '/home/ada/o11y-lab/docs'), 'npx o11y');
  assert.equal(o11yInvocation(NPX, '/home/ada/elsewhere'), 'npx --prefix /home/ada/o11y-lab o11y');
  assert.equal(o11yInvocation(NPX, '/home/ada/o11y-lab-2'), 'npx --prefix /home/ada/o11y-lab o11y');
  assert.equal(o11yInvocation({ ...NPX, npm_config_local_prefix: '/home/ada/my lab' }, '/tmp'), "npx --prefix '/home/ada/my lab' o11y");
  // npm ran some other package's scripts, or no npm at all (a global install, npm link): the command's name.
  assert.equal(o11yInvocation({ ...NPX, npm_package_name: 'other' }, '/home/ada/o11y-lab'), 'o11y');
  assert.equal(o11yInvocation({ ...NPX, npm_command: 'test' }, '/home/ada/o11y-lab'), 'o11y');
  assert.equal(o11yInvocation({}, '/home/ada/o11y-lab'), 'o11y');
});

test('run as `npx --prefix <clone> o11y` from another folder, the hint says that invocation', async () => {
  const dir = scratchDir('o11y-invocation');
  try {
    // An engine that is not there: up stops at once with a hint naming the next command.
    const r = await execa('npx', ['--prefix', ROOT, 'o11y', 'up'], {
      cwd: dir,
      reject: false,
      env: { NO_COLOR: '1', DOCKER_HOST: `unix://${dir}/no-docker.sock`, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
      timeout: 60_000,
    });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`then \`npx --prefix ${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} o11y up\` again`));
    assert.doesNotMatch(r.stderr, /`npx o11y/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no text in cli/ says `npx o11y` except the one function that decides the invocation', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && p !== path.join(ROOT, 'cli', 'invocation.ts')) {
        readFileSync(p, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/npx\s+(--prefix\s+\S+\s+)?o11y\b/.test(line)) offenders.push(`${path.relative(ROOT, p)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
  };
  walk(path.join(ROOT, 'cli'));
  assert.deepEqual(offenders, [], 'print these through o11yCommand() (cli/invocation.ts)');
});

// The README is a newcomer's first contact: every command and flag it shows must exist.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const readme = readFileSync('README.md', 'utf8');
const help = (args: string[]) =>
  execFileSync(process.execPath, ['bin/o11y.js', ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** Every `o11y <command> [args]` invocation written in the README's code blocks and tables. */
function invocations(): string[][] {
  const found: string[][] = [];
  for (const m of readme.matchAll(/(?:^|[\s`(&])(?:npx |sudo (?:npx )?)?o11y ((?:[a-z][\w-]*)(?:[ \t]+[^\s`#|&)]+)*)/gm)) {
    found.push(m[1].trim().split(/\s+/));
  }
  return found;
}

test('every command the README shows exists in `o11y --help`', () => {
  const top = help([]);
  const commands = new Set(invocations().map((words) => words[0]));
  assert.ok(commands.size >= 10, `found only ${[...commands].join(', ')}`);
  for (const c of commands) assert.match(top, new RegExp(`^\\s+${c}\\b`, 'm'), `README shows \`o11y ${c}\`, which --help does not list`);
});

test("every flag the README passes to a command is in that command's --help", () => {
  const cache = new Map<string, string>();
  for (const words of invocations()) {
    const sub = words[0] === 'images' && words[1] && !words[1].startsWith('-') ? ['images', words[1]] : [words[0]];
    const key = sub.join(' ');
    if (!cache.has(key)) cache.set(key, help(sub));
    for (const flag of words.filter((w) => /^--?[a-z]/.test(w)).map((w) => w.split('=')[0])) {
      assert.ok(cache.get(key)!.includes(flag), `README passes ${flag} to \`o11y ${key}\`, which its --help does not list`);
    }
  }
});

// The README is a newcomer's first contact: every command, subcommand and flag it shows must
// exist, as a whole option of that command's --help, and a value it gives an option of fixed
// choices (`--images local`, `--pull never`, `--preset smoke`) must be one of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { helpOf, parseHelp, type ParsedHelp } from './help-text.js';

const readme = readFileSync('README.md', 'utf8');

/** Every `o11y <command> [args]` invocation written in the README's code blocks, tables and text. */
function invocations(text: string): string[][] {
  const found: string[][] = [];
  for (const m of text.matchAll(/(?:^|[\s`(&])(?:npx |sudo (?:npx )?)?o11y ((?:[a-z][\w-]*)(?:[ \t]+[^\s`#|&)]+)*)/gm)) {
    // `[--json]` and `[--out DIR]` show optional parts; `\` continues a line.
    found.push(
      m[1]
        .trim()
        .split(/\s+/)
        .map((w) => w.replace(/^\[+|\]+$/g, ''))
        .filter((w) => w && w !== '\\'),
    );
  }
  return found;
}

const helps = new Map<string, ParsedHelp>();
const parsed = (sub: string[]) => {
  const key = sub.join(' ');
  if (!helps.has(key)) helps.set(key, parseHelp(helpOf(sub)));
  return helps.get(key)!;
};

/** What is wrong with one invocation against the CLI's own --help pages; none when it would parse. */
function problems(words: string[]): string[] {
  const top = parsed([]);
  if (!top.commands.some((c) => c.names[0] === words[0])) return [`\`o11y ${words[0]}\`: no such command in \`o11y --help\``];
  let sub = [words[0]];
  let rest = words.slice(1);
  const subcommands = parsed(sub).commands;
  if (subcommands.length && rest[0] && !rest[0].startsWith('-')) {
    if (!subcommands.some((c) => c.names[0] === rest[0])) return [`\`o11y ${words[0]} ${rest[0]}\`: no such subcommand in \`o11y ${words[0]} --help\``];
    sub = [words[0], rest[0]];
    rest = rest.slice(1);
  }
  const { options } = parsed(sub);
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (!/^--?[a-z]/i.test(rest[i])) continue;
    const [flag, inline] = rest[i].split(/=(.*)/s);
    const option = options.find((o) => o.names.includes(flag));
    if (!option) {
      out.push(`\`o11y ${sub.join(' ')} ${flag}\`: not an option of \`o11y ${sub.join(' ')} --help\``);
      continue;
    }
    if (!option.takesValue) continue;
    // The value: after `=`, else the next word, unless the README leaves it out or names it (<n>, DIR, …).
    const value = inline ?? (rest[i + 1] && !rest[i + 1].startsWith('-') ? rest[++i] : undefined);
    if (option.choices && value !== undefined && /^[a-z0-9][\w.-]*$/.test(value) && !option.choices.includes(value)) {
      out.push(`\`o11y ${sub.join(' ')} ${flag} ${value}\`: ${flag} takes one of ${option.choices.join(', ')}`);
    }
  }
  return out;
}

test('every command the README shows exists in `o11y --help`', () => {
  const commands = new Set(invocations(readme).map((words) => words[0]));
  assert.ok(commands.size >= 10, `found only ${[...commands].join(', ')}`);
  const listed = parsed([]).commands.map((c) => c.names[0]);
  assert.deepEqual(
    [...commands].filter((c) => !listed.includes(c)),
    [],
    'commands the README shows that --help does not list',
  );
});

test("every flag the README passes is a whole option of that command's --help, with a value from its choices", () => {
  const all = invocations(readme);
  assert.ok(all.length >= 40, `found only ${all.length} invocations`);
  assert.deepEqual(all.flatMap(problems), []);
  // Options of fixed choices the README does give values to (so the choice check ran on them).
  const checked = all.flatMap((w) => w.flatMap((x, i) => (['--images', '--pull', '--preset'].includes(x) && w[i + 1] ? [`${x} ${w[i + 1]}`] : [])));
  assert.ok(checked.length >= 3, `only ${checked.join(', ')}`);
});

test('the check itself catches a shortened flag, a value outside the choices, and an unknown command or subcommand', () => {
  const found = (line: string) => invocations(line).flatMap(problems);
  assert.deepEqual(found('`o11y load --dur 5s`'), ['`o11y load --dur`: not an option of `o11y load --help`']);
  assert.deepEqual(found('`o11y up --images docker --pull sometimes`'), [
    '`o11y up --images docker`: --images takes one of config, local',
    '`o11y up --pull sometimes`: --pull takes one of never, missing, always',
  ]);
  assert.deepEqual(found('`o11y load --preset=smok`'), ['`o11y load --preset smok`: --preset takes one of smoke, ramp, stress, trigger-alert']);
  assert.deepEqual(found('`o11y images bild`'), ['`o11y images bild`: no such subcommand in `o11y images --help`']);
  assert.deepEqual(found('`o11y start`'), ['`o11y start`: no such command in `o11y --help`']);
  // Whole options, as --help lists them: `-d` and `--duration` both, the value taken with them.
  assert.deepEqual(found('`o11y load -d 5s --duration=5s --preset [--json]`'), []);
});

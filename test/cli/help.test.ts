// `o11y --help` against the program's own command list: every command registered is listed, in
// order, with its description, and the examples use commands that exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { registerCommands } from '../../cli/commands/registry.js';
import { helpOf, parseHelp } from './help-text.js';

const words = (s: string) => s.replace(/\s+/g, ' ').trim();

test('o11y --help lists every command with its description, and examples of them', async () => {
  const program = new Command('o11y');
  await registerCommands(program, []);
  const own = program.commands.map((c) => ({ name: c.name(), description: c.description() }));
  assert.ok(own.length >= 10, `the registry gave ${own.length} commands`);

  const help = parseHelp(helpOf([]));
  assert.deepEqual(
    help.commands.map((c) => c.names[0]),
    [...own.map((c) => c.name), 'help'],
  );
  for (const [i, c] of own.entries()) assert.equal(words(help.commands[i].text), words(c.description), `${c.name}'s description`);

  assert.ok(help.examples.length >= 3, `only ${help.examples.length} examples`);
  for (const name of help.examples)
    assert.ok(
      own.some((c) => c.name === name),
      `an example runs \`o11y ${name}\`, which is no command`,
    );
});

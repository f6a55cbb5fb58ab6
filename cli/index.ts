// Wires the commands together; each command lives in cli/commands/<name>.ts.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { headline, isUserError } from './errors.js';
import { style, terminalWidth, wrapFor, wrapLines } from './output.js';
import { registerCommands } from './commands/registry.js';

// `o11y … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.exitCode = 1;
  });
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('o11y')
  .description('A one-command observability lab: gradebook service, PostgreSQL, Prometheus, Alertmanager → Telegram, Grafana, load generator.')
  .version(pkg.version)
  .option('--debug', 'show stack traces and debug output')
  .showHelpAfterError('(run with --help for usage and examples)')
  .configureHelp({ sortSubcommands: false })
  // Help's own columns fit the terminal; its examples and notes too (subcommands inherit this).
  .configureOutput({
    writeOut: (text) => process.stdout.write(wrapLines(process.stdout, text)),
    writeErr: (text) => process.stderr.write(wrapLines(process.stderr, text)),
    getOutHelpWidth: () => terminalWidth(process.stdout) ?? 80,
    getErrHelpWidth: () => terminalWidth(process.stderr) ?? 80,
  })
  .exitOverride();

program.addHelpText(
  'after',
  `
Examples:
  $ o11y up                      start the whole lab (Docker)
  $ o11y load --users 200        200 virtual users, 1 request/s each
  $ o11y status                  what is running, healthy, firing
  $ o11y down                    stop the lab, keep its data`,
);

await registerCommands(program, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version arrive here too, with exit code 0.
    return err.exitCode;
  }
  const debug = program.opts().debug || process.env.O11Y_DEBUG;
  if (isUserError(err)) {
    console.error(wrapFor(process.stderr, style.red('✖ ') + headline(err), '  '));
    if (err.hint) console.error(wrapFor(process.stderr, '  ' + err.hint, '  '));
    if (debug && err.cause) console.error(err.cause);
    return err.exitCode;
  }
  console.error(style.red('✖ unexpected error: ') + (err instanceof Error ? err.message : String(err)));
  if (debug) console.error(err);
  else console.error('  Run again with --debug for the full stack trace.');
  return 1;
}

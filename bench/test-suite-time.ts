// `node --import tsx bench/test-suite-time.ts <log of npm test> "<machine>"`: reads the summary
// node's test runner prints at the end of an `npm test` log (tests, pass, fail, cancelled,
// duration_ms) and writes it to bench/results/test-suite-<date>.json, which is committed: the
// README's test-suite time comes from it. The runner's clock starts after the build and the
// provisioning (scripts/preflight.mjs), so those are not in it.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [log, machine] = process.argv.slice(2);
if (!log || !machine) {
  console.error('usage: node --import tsx bench/test-suite-time.ts <npm test log> "<the machine, e.g. fresh 2-core VM, shared>"');
  process.exit(1);
}
const text = readFileSync(log, 'utf8');
/** The last `# <name> <number>` line of the runner's summary. */
const summary = (name: string) => {
  // TAP (`# tests 622`, Node 20/22's default when piped) or spec (`ℹ tests 622`, Node 24's).
  const all = [...text.matchAll(new RegExp(`^[#ℹ] ${name} (\\d+(?:\\.\\d+)?)$`, 'gm'))];
  if (!all.length) throw new Error(`${log} has no "# ${name}" line: not a finished npm test log`);
  return Number(all[all.length - 1][1]);
};
const exit = /^EXIT (\d+)$/m.exec(text)?.[1];
const record = {
  what: 'npm test',
  measured: statSync(log).mtime.toISOString(),
  machine,
  cpus: os.cpus().length,
  log: path.basename(log),
  seconds: Math.round(summary('duration_ms') / 100) / 10,
  secondsNote: "node --test's own duration_ms: from the first test file to the last; the build and provisioning before it are not in it",
  tests: summary('tests'),
  pass: summary('pass'),
  fail: summary('fail'),
  cancelled: summary('cancelled'),
  ...(exit === undefined ? {} : { exit: Number(exit) }),
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `test-suite-${record.measured.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
console.log(`${record.tests} tests (${record.pass} pass, ${record.fail} fail, ${record.cancelled} cancelled) in ${record.seconds} s; written to ${out}`);

// `npm run bench [-- name...]`: runs bench/*.bench.ts in turn, prints tables, then the issue's
// figures from all of them in one table with the load average and the machine's speed (support/canary.ts)
// around each bench (figures from a busy or slowed machine are not the generator's or the
// service's alone), and writes bench/results/<date>.json (committed: the README's load figures
// come from these files, and test/cli/readme-figures.test.ts holds it to them).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { table } from '../cli/output.js';
import { canary, describeCanary, slowdown, type Canary } from './support/canary.js';
import { loadAverage } from './support/stats.js';
import type { Bench, BenchSection } from './support/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmarks match ${wanted.join(', ')}`);
  process.exit(1);
}
const all: Record<string, BenchSection[]> = {};
const load: Record<string, { start: string; end: string }> = {};
const speed: Record<string, { start: Canary; end: Canary }> = {};
const base = await canary();
console.log(
  `o11y-lab benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average ${loadAverage()}; machine speed ${describeCanary(base)}\n`,
);
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const start = loadAverage();
  const before = await canary();
  console.log(`▶ ${name} (load average ${start}; machine ${slowdown(base, before)} of the first reading)`);
  const bench = (await import(pathToFileURL(path.join(here, file)).href)).default as Bench;
  const sections = await bench();
  all[name] = sections;
  load[name] = { start, end: loadAverage() };
  speed[name] = { start: before, end: await canary() };
  for (const s of sections) {
    console.log(`\n${s.name}`);
    const headers = Object.keys(s.rows[0] ?? {});
    console.log(
      table(
        headers,
        s.rows.map((r) => headers.map((h) => String(r[h]))),
      ),
    );
    for (const n of s.notes ?? []) console.log(`  note: ${n}`);
  }
  console.log(`  load average at the end: ${load[name].end}; machine ${slowdown(base, speed[name].end)} of the first reading\n`);
}
const figures = Object.entries(all).flatMap(([name, sections]) =>
  sections.flatMap((s) =>
    (s.figures ?? []).map((f) => [
      name,
      f.what,
      f.value,
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'yes' : 'NO',
      `${load[name].start} → ${load[name].end}`,
      `${slowdown(base, speed[name].start)} → ${slowdown(base, speed[name].end)}`,
    ]),
  ),
);
if (figures.length) {
  console.log(
    "The issue's figures, this run (median (min-max) of the runs; load average 1, 5, 15 min, and the machine's speed against its first reading, at the bench's start → end: a ×1.5 means the same work took half as long again)",
  );
  console.log(table(['bench', 'figure', 'median (min-max)', 'target', 'met', 'load average', 'machine'], figures));
}
const outDir = path.join(here, 'results');
mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  out,
  JSON.stringify({ node: process.version, cpus: os.cpus().length, loadAverage: load, machineSpeed: { first: base, ...speed }, results: all }, null, 2),
);
console.log(`results written to ${path.relative(process.cwd(), out)}`);

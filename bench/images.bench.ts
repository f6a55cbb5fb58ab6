// `o11y images build` from nothing (--rebuild: debootstrap, base, five images, no layer cache)
// and when everything is up to date (the no-op every `npm test` and `up --images local` pays).
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './support/types.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'o11y.js');
const NOOP_RUNS = 5;

async function build(cwd: string, args: string[]): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  const res = await execa(process.execPath, [BIN, 'images', 'build', ...args], { cwd, env: { NO_COLOR: '1' }, reject: false, timeout: 30 * 60_000 });
  if (res.exitCode !== 0) throw new Error(`o11y images build ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: String(res.stdout) };
}

export default async function bench(): Promise<BenchSection[]> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'o11y-bench-images-'));
  try {
    const cold = await build(cwd, ['--rebuild']);
    const perImage = [...cold.stdout.matchAll(/✔ (.+?)\s+built in (?:(\d+) min )?([\d.]+) s/g)].map((m) => ({
      image: m[1].trim(),
      seconds: Number(m[2] ?? 0) * 60 + Number(m[3]),
    }));
    const noop: number[] = [];
    for (let i = 0; i < NOOP_RUNS; i++) noop.push((await build(cwd, [])).seconds);
    noop.sort((a, b) => a - b);
    return [
      {
        name: 'o11y images build',
        rows: [
          { case: 'from nothing (--rebuild)', seconds: cold.seconds.toFixed(1) },
          { case: `up to date (median of ${NOOP_RUNS})`, seconds: noop[Math.floor(NOOP_RUNS / 2)].toFixed(2) },
          { case: 'up to date (worst)', seconds: noop[NOOP_RUNS - 1].toFixed(2) },
        ],
        notes: ["from nothing includes debootstrap of the Debian root and downloads from the apt mirror: it depends on the mirror's speed"],
      },
      { name: 'images build from nothing, per image', rows: perImage.map((r) => ({ image: r.image, seconds: r.seconds.toFixed(1) })) },
    ];
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

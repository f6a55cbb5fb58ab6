// The layering of docs/architecture.md, held against the code's own imports: every import of a
// file under cli/ or server/ goes to its own folder or to a lower layer, never up, never to a
// sibling folder of the same layer, and no files import each other in a circle.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Lowest first. A folder (or single file) of cli/ belongs to exactly one layer. */
export const LAYERS: Array<{ name: string; members: string[] }> = [
  { name: 'server (the gradebook; its metric names are the CLI’s contract)', members: ['server'] },
  { name: 'error codes (the catalog users look up)', members: ['cli/error-codes.ts'] },
  { name: 'errors', members: ['cli/errors.ts'] },
  { name: 'utilities', members: ['cli/output.ts', 'cli/units.ts', 'cli/sudo-owner.ts', 'cli/process-identity.ts'] },
  { name: 'config', members: ['cli/config'] },
  { name: 'base (stack model, engine client, HTTP clients)', members: ['cli/stack', 'cli/docker', 'cli/clients'] },
  { name: 'domain (what services render and the load engine)', members: ['cli/alerts', 'cli/grafana', 'cli/load', 'cli/telegram'] },
  { name: 'services', members: ['cli/services'] },
  { name: 'images', members: ['cli/images'] },
  { name: 'lab (orchestration)', members: ['cli/lab'] },
  { name: 'doctor', members: ['cli/doctor'] },
  { name: 'commands', members: ['cli/commands'] },
  { name: 'entry', members: ['cli/index.ts'] },
];

/** The member (folder or file) a path belongs to, and its layer's index. */
export function placeOf(rel: string): { member: string; layer: number } | undefined {
  for (const [layer, l] of LAYERS.entries()) {
    for (const member of l.members) if (rel === member || rel.startsWith(member + '/')) return { member, layer };
  }
  return undefined;
}

/** Every .ts and .mjs file under `dir` (test files too, with `tests`). */
function sources(dir: string, tests = false, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, tests, out);
    else if (/\.(ts|mjs)$/.test(name) && (tests || !name.endsWith('.test.ts'))) out.push(p);
  }
  return out;
}

/** Relative imports of a file (static, `import type`, re-exports and `import('...')`), as repo-relative .ts paths. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.map((s) => path.relative(root, path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts'))));
}

const files = [...sources(path.join(root, 'cli')), ...sources(path.join(root, 'server'))];
const graph = new Map(files.map((f) => [path.relative(root, f), importsOf(f)]));

/** Every import that breaks the rule, as "from -> to (why)". */
export function violations(edges: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of edges) {
    const a = placeOf(from);
    if (!a) {
      out.push(`${from} is in no layer: add its folder to LAYERS and docs/architecture.md`);
      continue;
    }
    for (const to of targets) {
      const b = placeOf(to);
      if (!b) out.push(`${from} -> ${to} (not in any layer)`);
      else if (b.layer > a.layer) out.push(`${from} -> ${to} (up: ${LAYERS[a.layer].name} may not import ${LAYERS[b.layer].name})`);
      else if (b.layer === a.layer && b.member !== a.member) out.push(`${from} -> ${to} (sideways: ${a.member} and ${b.member} are peers)`);
    }
  }
  return out;
}

/** Files that import each other in a loop (Tarjan's strongly connected components of size > 1). */
export function circles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('layers (docs/architecture.md)', () => {
  test('every import of cli/ and server/ goes to its own folder or a lower layer', () => {
    assert.ok(graph.size > 100, `expected the whole tree, read ${graph.size} files`);
    assert.deepEqual(violations(graph), []);
  });

  test('server/ imports nothing from cli/', () => {
    const bad = [...graph]
      .filter(([from]) => from.startsWith('server/'))
      .flatMap(([from, to]) => to.filter((t) => t.startsWith('cli/')).map((t) => `${from} -> ${t}`));
    assert.deepEqual(bad, []);
  });

  test('bench/ and every test folder reach other test code only through test/support/', () => {
    const bad: string[] = [];
    for (const file of [...sources(path.join(root, 'bench'), true), ...sources(path.join(root, 'test'), true)]) {
      const from = path.relative(root, file);
      const own = from.startsWith('test/') ? from.split('/').slice(0, 2).join('/') : 'bench';
      for (const to of importsOf(file)) {
        if (to.startsWith('test/') && !to.startsWith('test/support/') && !to.startsWith(own + '/')) bad.push(`${from} -> ${to}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('no files import each other in a circle', () => {
    assert.deepEqual(circles(graph), []);
  });

  test('the check itself catches an import that runs up, one sideways, and a circle', () => {
    const edges = new Map([
      ['cli/stack/model.ts', ['cli/services/index.ts']],
      ['cli/alerts/rules.ts', ['cli/grafana/links.ts']],
      ['cli/lab/a.ts', ['cli/lab/b.ts']],
      ['cli/lab/b.ts', ['cli/lab/a.ts']],
    ]);
    const found = violations(edges);
    assert.match(found[0], /^cli\/stack\/model\.ts -> cli\/services\/index\.ts \(up: /);
    assert.match(found[1], /sideways: cli\/alerts and cli\/grafana are peers/);
    assert.deepEqual(circles(edges), [['cli/lab/a.ts', 'cli/lab/b.ts']]);
  });
});

// The README's measured figures come from results committed in bench/results/ (what `npm run
// bench`, `npm run acceptance` and bench/test-suite-time.ts write), never typed by hand.
//
// Covered: every time (µs, ms, s, min, "N min M s") and every rate (/s, req/s, requests/s, RPS)
// the README states, in its prose, tables and code comments; not the commands themselves (their
// flags are inputs) nor inline code. A covered figure must equal, at the precision the README
// writes it, a number of the same kind in a committed result (the unit read from the result's
// key or row label: `seconds`, `p99 ms`, `rps`...). The few figures that are settings, not
// measurements (alert thresholds, what a run was set to), are listed below with their reason.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

type Unit = 'µs' | 'ms' | 's' | '/s';
interface Figure {
  value: number;
  unit: Unit;
  /** Half the step of the last digit written (0.05 for 2.3, 50 for 33,200, 500 for ~37,000). */
  halfStep: number;
  text: string;
  /** The figure with the words before it, for telling settings apart. */
  context: string;
}

/** Settings and targets the README states, not measurements: each matched on the figure with the words before it. */
const SETTINGS: Array<[RegExp, string]> = [
  [/request rate > 100 RPS$|p99 of > 0\.5 s$/, 'the alert thresholds (o11y.yaml defaults)'],
  [/run, with 40 ms$|with 40 ms and 5 % errors injected for 8 s$/, "what the screenshot's run injected (docs/load-report.png's caption)"],
  [/the summary counts the last 30 s$/, "`--warmup 10s` of a 40 s run: what the example's summary counts"],
];

const TO_BASE: Record<string, [Unit, number]> = {
  µs: ['µs', 1],
  ms: ['ms', 1],
  s: ['s', 1],
  seconds: ['s', 1],
  min: ['s', 60],
  minutes: ['s', 60],
  '/s': ['/s', 1],
  'req/s': ['/s', 1],
  'requests/s': ['/s', 1],
  RPS: ['/s', 1],
  rps: ['/s', 1],
};
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?`;
const UNIT = String.raw`µs|ms|seconds|s|minutes|min|req\/s|requests\/s|RPS|rps`;

/** The README's text that states figures: prose and tables without inline code, and code blocks' comments. */
export function statedText(md: string): string {
  let inCode = false;
  const kept: string[] = [];
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    else if (inCode) kept.push(line.includes('#') ? line.slice(line.indexOf('#')) : '');
    else kept.push(line);
  }
  // Inline code may wrap across lines; image links' addresses are not text.
  return kept
    .join('\n')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\s+/g, ' ');
}

function halfStepOf(n: string, approximate: boolean): number {
  const decimals = n.split('.')[1]?.length ?? 0;
  if (decimals) return 0.5 * 10 ** -decimals;
  const zeros = approximate || n.includes(',') ? (/0*$/.exec(n.replace(/,/g, ''))?.[0].length ?? 0) : 0;
  return 0.5 * 10 ** zeros;
}

const contextOf = (text: string, m: RegExpMatchArray) => text.slice(Math.max(0, (m.index ?? 0) - 60), (m.index ?? 0) + m[0].length);

/** Every time and rate the text states, each number of a range or list ("2.2-3.1 ms", "4.8, 6.4 and 7.8 ms") on its own. */
export function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  const compound = /(\d+) min (\d+(?:\.\d+)?) s\b/g;
  for (const m of text.matchAll(compound)) {
    out.push({ value: Number(m[1]) * 60 + Number(m[2]), unit: 's', halfStep: halfStepOf(m[2], false), text: m[0], context: contextOf(text, m) });
  }
  const rest = text.replace(compound, ' ');
  const run = new RegExp(String.raw`(~?(?:${NUMBER})(?:(?:-|–|, | and | or )~?(?:${NUMBER}))*)(?: (${UNIT})|(\/s))(?![\w/])`, 'g');
  for (const m of rest.matchAll(run)) {
    const [base, factor] = TO_BASE[m[2] ?? m[3]];
    const approximate = m[1].startsWith('~');
    for (const n of m[1].matchAll(new RegExp(NUMBER, 'g'))) {
      const value = Number(n[0].replace(/,/g, '')) * factor;
      const context = contextOf(rest, m).slice(0, -(m[0].length - (n.index ?? 0) - n[0].length)) + (m[2] ? ` ${m[2]}` : m[3]);
      out.push({ value, unit: base, halfStep: halfStepOf(n[0], approximate) * factor, text: `${n[0]}${m[2] ? ` ${m[2]}` : m[3]}`, context });
    }
  }
  return out;
}

/** The unit a result's key or row label gives its numbers, if any. */
function unitOf(label: string): Unit | undefined {
  if (/rps|req\/s|requests\/s|\/s\b/i.test(label)) return '/s';
  if (/\bms\b|Ms$/.test(label)) return 'ms';
  if (/µs|Us$/.test(label)) return 'µs';
  if (/^seconds$|\bseconds\b|[a-z]S$/.test(label)) return 's';
  return undefined;
}

/** Every number in a result with a unit: from its key, its row's label, or written after it ("20 s x 3"). */
export function resultNumbers(node: unknown, rowLabel = ''): Array<{ value: number; unit: Unit }> {
  if (Array.isArray(node)) return node.flatMap((n) => resultNumbers(n, rowLabel));
  if (!node || typeof node !== 'object') return [];
  const entries = Object.entries(node as Record<string, unknown>);
  const label = entries
    .filter(([k, v]) => /^(measure|what|step|asked|name)$/.test(k) && typeof v === 'string')
    .map(([, v]) => v)
    .join(' ');
  const out: Array<{ value: number; unit: Unit }> = [];
  for (const [key, v] of entries) {
    const unit = unitOf(key) ?? (/^(measure|what|step|asked|name)$/.test(key) ? undefined : unitOf(label || rowLabel));
    if (typeof v === 'number' && unit) out.push({ value: v, unit });
    else if (typeof v === 'string') {
      for (const m of v.matchAll(new RegExp(String.raw`(${NUMBER})(?: (${UNIT})\b)?`, 'g'))) {
        const written = m[2] ? TO_BASE[m[2]] : undefined;
        const u = written?.[0] ?? unit;
        if (u) out.push({ value: Number(m[1].replace(/,/g, '')) * (written?.[1] ?? 1), unit: u });
      }
    } else out.push(...resultNumbers(v, label || rowLabel));
  }
  return out;
}

const SCALE: Record<Unit, Array<[Unit, number]>> = {
  µs: [['µs', 1]],
  ms: [
    ['ms', 1],
    ['s', 1000],
    ['µs', 0.001],
  ],
  s: [
    ['s', 1],
    ['ms', 0.001],
  ],
  '/s': [['/s', 1]],
};

/** The README figures no committed result holds. */
export function unbacked(figures: Figure[], numbers: Array<{ value: number; unit: Unit }>): string[] {
  const backed = (f: Figure) => SCALE[f.unit].some(([from, k]) => numbers.some((n) => n.unit === from && Math.abs(n.value * k - f.value) <= f.halfStep + 1e-9));
  return figures.filter((f) => !SETTINGS.some(([re]) => re.test(f.context)) && !backed(f)).map((f) => f.text);
}

const resultsDir = path.join('bench', 'results');
const committed = readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')));

test('every time and rate the README states is in a committed result (or is one of the listed settings)', () => {
  const figures = figuresIn(statedText(readFileSync('README.md', 'utf8')));
  assert.ok(figures.length >= 10, `read only ${figures.length} figures: ${figures.map((f) => f.text).join(', ')}`);
  assert.deepEqual(
    unbacked(
      figures,
      committed.flatMap((r) => resultNumbers(r)),
    ),
    [],
  );
});

test('the check itself: a figure no result holds fails, one a result holds at the written precision passes', () => {
  const numbers = resultNumbers([
    { step: 'npm ci', seconds: 9.24 },
    { step: 'up', seconds: 103.4 },
    { measure: 'service p99 ms', 'median (min-max)': '2.346 (1.483-2.569)' },
    { 'rps, whole seconds': '36810 (23899-38295)' },
  ]);
  const check = (md: string) => unbacked(figuresIn(statedText(md)), numbers);
  assert.deepEqual(check('`npm ci` 9.2 s, `up` 1 min 43 s; p99 2.3 ms (1.5-2.6 ms); 36,800/s'), []);
  assert.deepEqual(check('`npm ci` 56 s, `up` 13 min 40 s; p99 2.4 ms; ~39,000/s; 9.2 ms'), ['13 min 40 s', '56 s', '2.4 ms', '39,000/s', '9.2 ms']);
  // A setting's number elsewhere is still a figure.
  assert.deepEqual(check('the smoke run took 8 s; alerts when the request rate > 100 RPS'), ['8 s']);
  // Commands are inputs, not figures; settings are listed.
  assert.deepEqual(check('```sh\no11y load -d 56s --rate 300 # 9.2 s\n```\nalert when the request rate > 100 RPS'), []);
});

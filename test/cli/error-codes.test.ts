// The error codes users look up hold together: every UserError the code creates names a code,
// every code thrown is in the catalog (cli/error-codes.ts) and in docs/troubleshooting.md with
// its cause and fix, and every code listed there is thrown somewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '../../cli/error-codes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATALOG = 'cli/error-codes.ts';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}
const files = [...sources(path.join(root, 'cli')), ...sources(path.join(root, 'server'))];
const texts = files.map((rel) => {
  const raw = readFileSync(path.join(root, rel), 'utf8');
  return { rel, raw, code: blank(raw) };
});

/**
 * The source with the insides of strings, template text, regular expressions and comments turned
 * into spaces (positions kept), so that parentheses and `code` are the program's own. (A scanner,
 * not a parser: the typescript package here is the native compiler, without a JavaScript API.)
 */
function blank(src: string): string {
  const out = src.split('');
  const wipe = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // One entry per `${` being read: the braces opened inside it.
  const templates: number[] = [];
  let i = 0;
  // From just after a backtick, or after the brace that closes a `${`: text up to ` or `${`.
  const templateText = () => {
    const start = i;
    while (i < src.length && src[i] !== '`' && !(src[i] === '$' && src[i + 1] === '{')) i += src[i] === '\\' ? 2 : 1;
    wipe(start, i);
    if (src[i] === '`') i++;
    else {
      templates.push(0);
      i += 2;
    }
  };
  while (i < src.length) {
    const c = src[i];
    const before = src.slice(Math.max(0, i - 8), i).trimEnd();
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
      wipe(i, end);
      i = end;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2) + 2;
      wipe(i, end);
      i = end;
    } else if (c === "'" || c === '"') {
      const start = ++i;
      while (src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      wipe(start, i);
      i++;
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '/' && /(^|[(,=:[!&|?{};+\-*%<>~^]|\breturn|\bthrow)$/.test(before)) {
      // A regular expression (a slash where a value starts): up to its closing slash outside [].
      const start = ++i;
      let inClass = false;
      while (src[i] !== '/' || inClass) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        i++;
      }
      wipe(start, i);
      i++;
    } else if (templates.length && c === '{') {
      templates[templates.length - 1]++;
      i++;
    } else if (templates.length && c === '}' && templates[templates.length - 1] === 0) {
      templates.pop();
      i++;
      templateText();
    } else {
      if (templates.length && c === '}') templates[templates.length - 1]--;
      i++;
    }
  }
  return out.join('');
}

/** The text inside the bracket at `open` and its match. */
function inside(code: string, open: number): string {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if ('([{'.includes(code[k])) depth++;
    else if (')]}'.includes(code[k]) && --depth === 0) return code.slice(open + 1, k);
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

const hasCode = (args: string) => /\bcode\s*[:,}]/.test(args);
const lineOf = (text: string, at: number) => text.slice(0, at).split('\n').length;

/** Classes that extend UserError, directly or through another such class. */
function userErrorClasses(): Set<string> {
  const names = new Set(['UserError']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { code } of texts) {
      for (const m of code.matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)/g)) {
        if (names.has(m[2]) && !names.has(m[1])) {
          names.add(m[1]);
          grew = true;
        }
      }
    }
  }
  return names;
}

test('the scanner sees code, not text: a code in a message or a comment does not count', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal, to scan
  const src = "new UserError(`code: ${a}`, { hint: 'code: x' }); // code: y\nnew UserError(/code: (/.source, { code: 'O11Y_X' });";
  const code = blank(src);
  const calls = [...code.matchAll(/\bnew\s+UserError\s*\(/g)].map((m) => inside(code, m.index + m[0].length - 1));
  assert.deepEqual(calls.map(hasCode), [false, true]);
});

test('every UserError created in cli/ and server/ names its code', () => {
  const classes = userErrorClasses();
  const missing: string[] = [];
  for (const { rel, code } of texts) {
    for (const m of code.matchAll(/\bnew\s+UserError\s*\(/g)) {
      if (!hasCode(inside(code, m.index + m[0].length - 1))) missing.push(`${rel}:${lineOf(code, m.index)}`);
    }
    // A subclass passes its code to super(), so `new Subclass(...)` need not.
    for (const m of code.matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)[^{]*\{/g)) {
      if (!classes.has(m[2])) continue;
      const body = inside(code, m.index + m[0].length - 1);
      const supers = [...body.matchAll(/\bsuper\s*\(/g)].map((c) => inside(body, c.index + c[0].length - 1));
      if (!supers.length || !supers.every(hasCode)) missing.push(`${rel}:${lineOf(code, m.index)} (class ${m[1]})`);
    }
  }
  assert.deepEqual(missing, [], 'a UserError without { code } (add one from cli/error-codes.ts)');
});

/** Every code written as a string in the sources outside the catalog, and the ones given as `code: '...'`. */
function codesInSources(): { written: Map<string, string>; given: Map<string, string> } {
  const written = new Map<string, string>();
  const given = new Map<string, string>();
  for (const { rel, raw } of texts) {
    if (rel === CATALOG) continue;
    for (const m of raw.matchAll(/(\bcode\s*:\s*)?'(O11Y_[A-Z0-9_]+)'/g)) {
      const at = `${rel}:${lineOf(raw, m.index)}`;
      if (!written.has(m[2])) written.set(m[2], at);
      if (m[1]) given.set(m[2], at);
    }
  }
  return { written, given };
}

test('every code thrown is in the catalog, and every code in the catalog is thrown', () => {
  const { written, given } = codesInSources();
  const catalog = Object.keys(ERROR_CODES);
  const unknown = [...given].filter(([code]) => !catalog.includes(code)).map(([code, at]) => `${code} (${at})`);
  assert.deepEqual(unknown, [], 'thrown but not in cli/error-codes.ts');
  assert.deepEqual(
    catalog.filter((c) => !written.has(c)),
    [],
    'in cli/error-codes.ts but thrown nowhere: remove it, or throw it',
  );
  for (const [code, entry] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^O11Y_[A-Z0-9]+(_[A-Z0-9]+)+$/, `${code}: O11Y_<WHAT>_<STATE>`);
    assert.ok(entry.cause.length > 10 && entry.fix.length > 10, `${code} needs a cause and a fix`);
  }
});

test('docs/troubleshooting.md has one entry per code, and no entry for a code that does not exist', () => {
  const doc = readFileSync(path.join(root, 'docs', 'troubleshooting.md'), 'utf8');
  // One heading per code: `### O11Y_PORT_IN_USE`, its cause and fix below it.
  const headed = [...doc.matchAll(/^#{2,4} `?(O11Y_[A-Z0-9_]+)`?\s*$/gm)].map((m) => m[1]);
  const catalog = Object.keys(ERROR_CODES);
  assert.deepEqual(
    catalog.filter((c) => !headed.includes(c)),
    [],
    'codes without an entry in docs/troubleshooting.md',
  );
  assert.deepEqual(
    headed.filter((c) => !catalog.includes(c)),
    [],
    'entries in docs/troubleshooting.md for codes the CLI does not have',
  );
  assert.equal(new Set(headed).size, headed.length, 'a code with two entries');
});

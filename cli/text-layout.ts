// Text laid out to a width: words wrapped at spaces (never inside a word, a URL, or a `command`
// that fits), and tables whose columns that do not fit go under each row. The width is the caller's.
import { stripVTControlCharacters } from 'node:util';

/** Width of a string as the terminal shows it (ANSI codes excluded). */
export function visibleLength(s: string): number {
  return stripVTControlCharacters(s).length;
}

/**
 * Breaks `text` at spaces so no line is wider than `width` (a terminal would break mid-word:
 * `--telegram-chat-id <i` / `d>`); continuation lines start with `indent`. A word longer than
 * the line (a URL, a path) stays whole on a line of its own; a `command` in backticks, and a group
 * set off by two spaces or more (`p99 4.1ms   max 9ms`), stays on one line when it fits in one.
 * Existing line breaks are kept.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  if (!(width > indent.length + 10)) return text;
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      const lead = /^ */.exec(paragraph)?.[0] ?? '';
      let line = '';
      for (const { gap, text: unit } of units(paragraph.slice(lead.length), width - indent.length)) {
        const candidate = line ? `${line}${gap}${unit}` : lead + unit;
        if (line && visibleLength(candidate) > width) {
          lines.push(line);
          line = indent + unit;
        } else line = candidate;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

interface Unit {
  /** The spaces before it on a line (none at a line's start). */
  gap: string;
  text: string;
}

/** What a line may break between: groups that fit in `room` whole, else their words (a backticked span that fits, whole). */
function units(paragraph: string, room: number): Unit[] {
  const parts = paragraph.split(/( {2,})/);
  const out: Unit[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const gap = i === 0 ? '' : parts[i - 1];
    if (visibleLength(parts[i]) <= room) out.push({ gap, text: parts[i] });
    else out.push(...words(parts[i], room).map((text, j) => ({ gap: j === 0 ? gap : ' ', text })));
  }
  return out;
}

/** The words of a group, each backticked span that fits in `room` as one. */
function words(group: string, room: number): string[] {
  const out: string[] = [];
  let span: string[] = [];
  for (const word of group.split(' ')) {
    if (span.length === 0 && !opensSpan(word)) {
      out.push(word);
      continue;
    }
    span.push(word);
    if (span.length > 1 && word.includes('`')) {
      const whole = span.join(' ');
      out.push(...(visibleLength(whole) <= room ? [whole] : span));
      span = [];
    }
  }
  return out.concat(span);
}

/** A word that starts a `span` with spaces in it (an odd number of backticks). */
const opensSpan = (word: string) => (word.match(/`/g)?.length ?? 0) % 2 === 1;

export interface TableLayout {
  /** Columns aligned right (numbers). */
  rightAlign?: number[];
  /** At most this wide (none: as wide as the cells). */
  width?: number;
  /** How the header row looks (bold on a terminal). */
  header?: (line: string) => string;
}

/** The last column flows into what is left of the line when at least this much is. */
const MIN_FLOW = 20;
const UNDER = '    ';

/**
 * An aligned table at most `width` wide: when it is wider, the last column wraps in the room left
 * (a cell with a word too long for it goes whole on the line below), or, when too little is left,
 * the columns that do not fit go under each row, one a line, named.
 */
export function layoutTable(headers: string[], rows: string[][], opts: TableLayout = {}): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const span = (k: number) => widths.slice(0, k).reduce((a, b) => a + b, 0) + 2 * (k - 1);
  const width = opts.width ?? Number.POSITIVE_INFINITY;
  const line = (cells: string[], k: number) =>
    cells
      .slice(0, k)
      .map((c, i) => pad(c ?? '', widths[i], opts.rightAlign?.includes(i)))
      .join('  ')
      .trimEnd();
  const head = (k: number) => (opts.header ?? ((s: string) => s))(line(headers, k));
  const n = headers.length;
  if (span(n) <= width) return [head(n), ...rows.map((r) => line(r, n))].join('\n');
  let k = 1;
  while (k < n && span(k + 1) <= width) k++;
  const room = width - span(n - 1) - 2;
  if (k === n - 1 && room >= MIN_FLOW) {
    const flow = (r: string[]) => flowLast(line(r, n - 1), r[n - 1] ?? '', span(n - 1) + 2, room, width);
    return [head(n), ...rows.map(flow)].join('\n');
  }
  const labels = headers.slice(k).map((h) => h.toLowerCase());
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const under = (r: string[]) =>
    r
      .slice(k)
      .map((cell, j) => (cell ? named(labels[j].padEnd(labelWidth), cell, width) : ''))
      .filter(Boolean);
  return [head(k), ...rows.flatMap((r) => [line(r, k), ...under(r)])].join('\n');
}

/** A row whose last cell wraps in `room` from column `at`, or goes whole under the row. */
function flowLast(start: string, cell: string, at: number, room: number, width: number): string {
  if (!cell) return start;
  if (longestWord(cell) > room) return `${start}\n${wrapText(UNDER + cell, width, UNDER)}`;
  const [first, ...rest] = wrapText(cell, room).split('\n');
  return [pad(start, at - 2) + '  ' + first, ...rest.map((l) => ' '.repeat(at) + l)].join('\n');
}

/** `    label  value`, the value wrapped beside its label, or alone below it when a word of it does not fit there. */
function named(label: string, cell: string, width: number): string {
  const prefix = `${UNDER}${label}  `;
  const room = width - prefix.length;
  if (longestWord(cell) > room) return `${prefix.trimEnd()}\n${wrapText(UNDER + cell, width, UNDER)}`;
  return prefix + wrapText(cell, room).replace(/\n/g, `\n${' '.repeat(prefix.length)}`);
}

const longestWord = (s: string) => Math.max(...s.split(' ').map(visibleLength));

function pad(s: string, width: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return right ? gap + s : s + gap;
}

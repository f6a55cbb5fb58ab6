// All terminal formatting lives here: colours (NO_COLOR honoured), tables, redaction.
import { stripVTControlCharacters } from 'node:util';

const colourOn = () => !process.env.NO_COLOR && process.stdout.isTTY === true && process.env.TERM !== 'dumb';

function paint(code: number, close: number) {
  return (s: string) => (colourOn() ? `\u001b[${code}m${s}\u001b[${close}m` : s);
}

export const style = {
  bold: paint(1, 22),
  dim: paint(2, 22),
  red: paint(31, 39),
  green: paint(32, 39),
  yellow: paint(33, 39),
  cyan: paint(36, 39),
};

/** Width of a string as the terminal shows it (ANSI codes excluded). */
export function visibleLength(s: string): number {
  return stripVTControlCharacters(s).length;
}

function pad(s: string, width: number, right = false): string {
  const gap = ' '.repeat(Math.max(0, width - visibleLength(s)));
  return right ? gap + s : s + gap;
}

/** A plain aligned table; columns listed in `rightAlign` are right-aligned (numbers). */
export function table(headers: string[], rows: string[][], rightAlign: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c ?? '', widths[i], rightAlign.includes(i)))
      .join('  ')
      .trimEnd();
  return [style.bold(line(headers)), ...rows.map(line)].join('\n');
}

/** Redacts a secret for display: keeps only enough to recognise it. */
export function redact(secret: string | undefined): string {
  if (!secret) return '(not set)';
  if (secret.length <= 8) return '****';
  return `${secret.slice(0, 4)}…${secret.slice(-2)}`;
}

// Telegram bot tokens look like 123456789:AA…; Alertmanager logs them inside sendMessage URLs
// (…/bot<token>/sendMessage) when a delivery fails.
const TELEGRAM_TOKEN = /(?<!\d)\d{5,12}:[A-Za-z0-9_-]{10,}/g;

/** A log line as we may show it: any Telegram bot token replaced. */
export function redactLogLine(line: string): string {
  return line.replace(TELEGRAM_TOKEN, '<telegram-token>');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/**
 * Breaks `text` at spaces so no line is wider than `width` (a terminal would break mid-word:
 * `--telegram-chat-id <i` / `d>`); continuation lines start with `indent`. A word longer than
 * the line (a URL, a path) stays whole on a line of its own. Existing line breaks are kept.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  if (!(width > indent.length + 10)) return text;
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      const lead = /^ */.exec(paragraph)?.[0] ?? '';
      let line = '';
      for (const word of paragraph.slice(lead.length).split(' ')) {
        const candidate = line ? `${line} ${word}` : lead + word;
        if (line && visibleLength(candidate) > width) {
          lines.push(line);
          line = indent + word;
        } else line = candidate;
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}

/** wrapText to the width of the terminal `stream` writes to; unchanged when it is not a terminal. */
export function wrapFor(stream: NodeJS.WriteStream, text: string, indent = ''): string {
  return stream.isTTY && stream.columns ? wrapText(text, stream.columns - 1, indent) : text;
}

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

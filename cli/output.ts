// All terminal formatting lives here: colours (NO_COLOR honoured), tables and text fitted to the
// terminal's width (laid out by text-layout.ts), redaction.
import { layoutTable, visibleLength, wrapText } from './text-layout.js';

export { visibleLength, wrapText };

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

/**
 * A plain aligned table; columns listed in `rightAlign` are right-aligned (numbers). On a terminal
 * it fits its width (text-layout.ts); piped, its lines are whole.
 */
export function table(headers: string[], rows: string[][], rightAlign: number[] = [], width = terminalWidth(process.stdout)): string {
  return layoutTable(headers, rows, { rightAlign, width, header: style.bold });
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
 * The width to fit text to on `stream`: one column short of the terminal's (a line as wide as the
 * terminal leaves some on the next row); none when it is not a terminal, so that logs and pipes
 * keep whole lines.
 */
export function terminalWidth(stream: NodeJS.WriteStream): number | undefined {
  return stream.isTTY && stream.columns ? stream.columns - 1 : undefined;
}

/**
 * Each line of `text` wrapped to the terminal `stream` writes to, its continuation lines indented
 * deeper than it (help's examples: `  $ o11y load …   what it does`); unchanged when not a terminal.
 */
export function wrapLines(stream: NodeJS.WriteStream, text: string): string {
  const width = terminalWidth(stream);
  if (!width) return text;
  return text
    .split('\n')
    .map((line) => wrapText(line, width, ' '.repeat((/^ */.exec(line)?.[0].length ?? 0) + 4)))
    .join('\n');
}

/** wrapText to the width of the terminal `stream` writes to; unchanged when it is not a terminal. */
export function wrapFor(stream: NodeJS.WriteStream, text: string, indent = ''): string {
  const width = terminalWidth(stream);
  return width ? wrapText(text, width, indent) : text;
}

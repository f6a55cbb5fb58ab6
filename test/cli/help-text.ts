// Reads commander's --help text back into its entries (commands, options with their value and
// choices), so the help and README tests compare whole names, not substrings of the page.
import { execFileSync } from 'node:child_process';

export interface HelpEntry {
  /** `up`; or an option's names, `-c` and `--config`. */
  names: string[];
  /** The option takes a value (`<file>` or `[address]`). */
  takesValue: boolean;
  /** The values commander accepts, from `(choices: "a", "b")`. */
  choices?: string[];
  /** The description, its wrapped lines joined by single spaces. */
  text: string;
}

export interface ParsedHelp {
  commands: HelpEntry[];
  options: HelpEntry[];
  /** The command of each line under Examples: (the word after `$ o11y`; '' for a bare `o11y`). */
  examples: string[];
}

/** `o11y <args> --help` of the built CLI, without colour. */
export const helpOf = (args: string[]) =>
  execFileSync(process.execPath, ['bin/o11y.js', ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

/** The entries of one `Title:` section: a line at two spaces starts one, deeper lines continue it. */
function section(help: string, title: string): Array<{ term: string; text: string }> {
  const lines = help.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const out: Array<{ term: string; text: string }> = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    if (/^ {2}\S/.test(line)) {
      const [term, ...text] = line.trim().split(/\s{2,}/);
      out.push({ term, text: text.join(' ') });
    } else out[out.length - 1].text = `${out[out.length - 1].text} ${line.trim()}`.trim();
  }
  return out;
}

export function parseHelp(help: string): ParsedHelp {
  const commands = section(help, 'Commands').map(({ term, text }) => ({ names: [term.split(' ')[0]], takesValue: false, text }));
  const options = section(help, 'Options').map(({ term, text }) => {
    const choices = /\(choices: ((?:"[^"]*"(?:, )?)+)/.exec(text)?.[1];
    return {
      names: term.split(/,\s*/).map((n) => n.split(' ')[0]),
      takesValue: /[<[]/.test(term),
      ...(choices ? { choices: [...choices.matchAll(/"([^"]*)"/g)].map((m) => m[1]) } : {}),
      text,
    };
  });
  const examples = section(help, 'Examples').flatMap(({ term }) => (/^\$ o11y\b/.test(term) ? [term.split(/\s+/)[2] ?? ''] : []));
  return { commands, options, examples };
}

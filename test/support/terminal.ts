// Runs a command as a person would, on a real pseudo-terminal (util-linux `script`), typing each
// answer once its prompt shows. Bounded: killed after timeoutMs.
import { spawn } from 'node:child_process';

const ENTER = '\r';

export interface TerminalRun {
  code: number | null;
  screen: string;
  /** Answers whose prompt never showed. */
  unanswered: number;
}

/** `command` is one shell command line (quote its words); `answers` are [prompt, reply] in order. */
export function inTerminal(
  command: string,
  opts: { cwd: string; answers?: Array<[RegExp, string]>; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<TerminalRun> {
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', ...opts.env } });
  let screen = '';
  let pending = '';
  const left = [...(opts.answers ?? [])];
  child.stdout.on('data', (d: Buffer) => {
    screen += d;
    pending += d;
    const next = left[0];
    if (next?.[0].test(pending)) {
      left.shift();
      pending = '';
      setTimeout(() => child.stdin.write(next[1] + ENTER), 50);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run util-linux \`script\` for a pseudo-terminal (${err.message}): apt-get install bsdutils`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen, unanswered: left.length });
    });
  });
}

/** Single-quotes words for `script -c`. */
export const shellLine = (words: string[]) => words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');

// A command on a real terminal of a given size (tmux, detached, on a server of its own), read back
// as the rows a person would see, scrollback included; the terminal can be resized mid-run.
// Bounded: the pane outlives the command by at most a minute, and close() ends the server.
import { execFileSync } from 'node:child_process';
import { shellLine } from './terminal.js';

let sessions = 0;

export interface TmuxTerminal {
  /** Every row, scrollback first, as shown (no colours, trailing spaces trimmed). */
  rows(): string[];
  resize(columns: number, rows?: number): void;
  /** Waits until the rows match `pattern`; fails with the screen past `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string[]>;
  /** Waits for the command to end; its exit code. */
  exited(timeoutMs?: number): Promise<number>;
  close(): void;
}

/** Runs `command` (its words) in a `columns` × `rows` terminal, with `env` added to ours. */
export function inTmux(command: string[], opts: { columns: number; rows?: number; env?: Record<string, string>; cwd?: string }): TmuxTerminal {
  const socket = `o11y-test-${process.pid}-${++sessions}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: { ...process.env, ...opts.env }, cwd: opts.cwd });
  // The exit code is printed on a line of its own once the command ends; the pane stays to be read.
  const script = `${shellLine(command)}; echo "[exit $?]"; sleep 60`;
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', String(opts.columns), '-y', String(opts.rows ?? 40), script);
  tmux('set-option', '-t', 't', 'history-limit', '10000');
  const rows = () => tmux('capture-pane', '-p', '-S', '-', '-t', 't').replace(/\n+$/, '').split('\n');
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const now = rows();
      if (pattern.test(now.join('\n'))) return now;
      if (Date.now() > until) throw new Error(`the terminal never showed ${pattern} in ${timeoutMs} ms:\n${now.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    rows,
    resize: (columns, height = opts.rows ?? 40) => void tmux('resize-window', '-t', 't', '-x', String(columns), '-y', String(height)),
    waitFor,
    exited: async (timeoutMs) => Number(/\[exit (\d+)\]/.exec((await waitFor(/\[exit \d+\]/, timeoutMs)).join('\n'))?.[1]),
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}

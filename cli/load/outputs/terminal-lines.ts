// The human side of a run's terminal: the live line rewritten in place on a terminal (one line
// per tick when piped: logs, CI), and whole lines from other outputs printed above it.
export class TerminalLines {
  private readonly inPlace: boolean;
  private pending = false;

  constructor(readonly out: NodeJS.WriteStream) {
    this.inPlace = out.isTTY === true && process.env.TERM !== 'dumb';
  }

  /** The live line: in place on a terminal, a line of its own otherwise. */
  live(line: string): void {
    if (this.inPlace) {
      this.out.write(`\r\u001b[2K${line}`);
      this.pending = true;
    } else this.out.write(`${line}\n`);
  }

  /** Ends a live line left in place, before other output. */
  clear(): void {
    if (this.pending) this.out.write('\n');
    this.pending = false;
  }

  print(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
  }
}

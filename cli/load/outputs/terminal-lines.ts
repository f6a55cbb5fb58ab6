// The human side of a run's terminal: the live line rewritten in place on a terminal, fitted to
// its width and redrawn when it is resized (one whole line per tick when piped: logs, CI), and
// whole lines from other outputs printed above it.
import { terminalWidth, visibleLength, wrapText } from '../../output.js';

/** The live line for a width (Infinity: whole). */
export type LiveRender = (width: number) => string;

export class TerminalLines {
  private readonly inPlace: boolean;
  private shown: { render: LiveRender; length: number } | undefined;
  private readonly onResize = () => this.redraw();

  constructor(readonly out: NodeJS.WriteStream) {
    this.inPlace = out.isTTY === true && process.env.TERM !== 'dumb';
  }

  /** The live line: in place on a terminal, a line of its own otherwise. */
  live(render: LiveRender): void {
    if (!this.inPlace) {
      // A terminal that cannot rewrite (TERM=dumb) still gets lines that fit it.
      this.out.write(`${render(terminalWidth(this.out) ?? Number.POSITIVE_INFINITY)}\n`);
      return;
    }
    if (!this.shown) this.out.on('resize', this.onResize);
    this.draw(render, '\r\u001b[2K');
  }

  /** Ends a live line left in place, before other output. */
  clear(): void {
    if (!this.shown) return;
    this.out.off('resize', this.onResize);
    this.out.write('\n');
    this.shown = undefined;
  }

  print(line: string): void {
    this.clear();
    this.out.write(`${this.inPlace ? wrapText(line, terminalWidth(this.out) ?? 0, '  ') : line}\n`);
  }

  private draw(render: LiveRender, erase: string): void {
    // One column spare: a line as wide as the terminal leaves some terminals on the next row.
    const line = render(terminalWidth(this.out) ?? Number.POSITIVE_INFINITY);
    this.out.write(`${erase}${line}`);
    this.shown = { render, length: visibleLength(line) };
  }

  /**
   * Narrower now: most terminals (tmux, VTE, iTerm2, Windows Terminal) rewrap the line already
   * drawn onto several rows; erase them all before drawing the line fitted to the new width.
   */
  private redraw(): void {
    if (!this.shown) return;
    const rows = Math.ceil(this.shown.length / Math.max(1, this.out.columns ?? 80));
    this.draw(this.shown.render, `\r${rows > 1 ? `\u001b[${rows - 1}A` : ''}\u001b[J`);
  }
}

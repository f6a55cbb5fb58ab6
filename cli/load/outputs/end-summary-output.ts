// The end of a run on the terminal: the summary as a table (report/summary-table.ts) or, with
// --json, as JSON alone on stdout; then where the HTML report went. Fitted to the terminal's width.
import { printJson, style, terminalWidth } from '../../output.js';
import { summaryTable } from '../report/summary-table.js';
import type { Summary } from '../summary.js';
import type { Output } from './output.js';

export class EndSummaryOutput implements Output {
  /** `human`: where lines for people go (stderr with --json). */
  constructor(
    private readonly json: boolean,
    private readonly human: NodeJS.WriteStream,
  ) {}

  done(summary: Summary): void {
    if (this.json) printJson(summary);
    else this.human.write(`${summaryTable(summary, terminalWidth(this.human))}\n`);
    if (summary.report) this.human.write(style.dim(`Report: ${summary.report}`) + '\n');
  }
}

// --report FILE: the run as one HTML page (report/), written once the summary has everything
// else; a write that fails is said after the summary, which still comes.
import { saveHtmlReport } from '../report/save-html-report.js';
import type { Summary } from '../summary.js';
import type { Output, Verdict } from './output.js';

export interface HtmlReportOptions {
  /** The command line as typed, and the target's version (asked before the load). */
  argv: string[];
  targetVersion?: string;
}

export class HtmlReportOutput implements Output {
  private failure?: unknown;

  constructor(
    private readonly file: string,
    private readonly o: HtmlReportOptions,
  ) {}

  summarize(summary: Summary): void {
    try {
      summary.report = saveHtmlReport(this.file, summary, this.o);
    } catch (err) {
      this.failure = err;
    }
  }

  verdict(): Verdict | undefined {
    return this.failure === undefined ? undefined : { error: this.failure as Error };
  }
}

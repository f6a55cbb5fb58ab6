// The outputs of an `o11y load` run, chosen from its flags, in the order their phases need
// (load/outputs/output.ts): the live line, the client metrics and the server's side, --out, the
// printed summary, --until-alert, --report, then the exit code's thresholds and outcome.
import { EndSummaryOutput } from '../load/outputs/end-summary-output.js';
import { HtmlReportOutput } from '../load/outputs/html-report-output.js';
import { JsonFileOutput } from '../load/outputs/json-file-output.js';
import { LiveOutput } from '../load/outputs/live-output.js';
import { OutcomeOutput } from '../load/outputs/outcome-output.js';
import type { Output } from '../load/outputs/output.js';
import { TerminalLines } from '../load/outputs/terminal-lines.js';
import { ThresholdsOutput } from '../load/outputs/thresholds-output.js';
import type { RunOptions } from '../load/run-load.js';
import { style } from '../output.js';
import type { LoadedConfig } from './load-config.js';
import { loadMetricsOutputs } from './load-metrics.js';
import { UntilAlertOutput } from './until-alert-output.js';

export interface OutputFlags {
  json?: boolean;
  out?: string;
  report?: string;
}

export interface OutputContext {
  /** Where lines for people go (stderr with --json, stdout otherwise). */
  human: NodeJS.WriteStream;
  /** The lab's config, when the command read it (--until-alert needs it). */
  lab?: LoadedConfig;
  /** --until-alert's (or the preset's) alert. */
  alertName?: string;
  /** For --report: the command line as typed, and the target's version (asked before the load). */
  argv: string[];
  targetVersion?: string;
}

export interface ChosenOutputs {
  outputs: Output[];
  /** Lines for the user during the run, above the live line (Ctrl-C's note). */
  lines: TerminalLines;
}

export function loadOutputs(flags: OutputFlags, run: RunOptions, c: OutputContext): ChosenOutputs {
  const lines = new TerminalLines(c.human);
  const say = (line: string) => lines.print(line);
  const dim = (line: string) => lines.print(style.dim(line));
  const outputs: Output[] = [
    new LiveOutput(lines),
    ...loadMetricsOutputs({ origin: run.target.origin, users: run.mode === 'users', lab: c.lab, say: dim }),
    ...(flags.out ? [new JsonFileOutput(flags.out)] : []),
    new EndSummaryOutput(flags.json === true, c.human),
    ...(c.lab && c.alertName ? [new UntilAlertOutput(c.lab, c.alertName, say)] : []),
    ...(flags.report ? [new HtmlReportOutput(flags.report, { argv: c.argv, targetVersion: c.targetVersion })] : []),
    new ThresholdsOutput(),
    new OutcomeOutput(run.thresholds?.maxErrorRate !== undefined),
  ];
  return { outputs, lines };
}

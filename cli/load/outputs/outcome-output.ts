// The exit code of a run no other output judged: 130 after Ctrl-C, 1 when every request failed
// (a wrong --path or --method, or errors injected: not a load result), 0 otherwise.
import { UserError } from '../../errors.js';
import { LOAD_EXIT } from '../exit-codes.js';
import type { Summary } from '../summary.js';
import type { Output, Verdict } from './output.js';

export class OutcomeOutput implements Output {
  /** `errorRateSet`: an error-rate threshold was given: the user decided what is acceptable. */
  constructor(private readonly errorRateSet: boolean) {}

  verdict(summary: Summary): Verdict | undefined {
    if (summary.stopReason === 'interrupted') return { exitCode: LOAD_EXIT.interrupted };
    if (summary.requests === 0 || summary.failed !== summary.requests || this.errorRateSet) return undefined;
    const how = Object.entries(summary.statusClasses)
      .filter(([, n]) => n > 0)
      .map(([cls, n]) => `${n} × ${cls}`);
    if (summary.errors) how.push(`${summary.errors} connection errors`);
    if (summary.timeouts) how.push(`${summary.timeouts} timeouts`);
    const error = new UserError(`Every request failed (${how.join(', ')}).`, {
      code: 'O11Y_LOAD_ALL_FAILED',
      hint: 'Check --path, --method and --body against the API (/docs), or whether `o11y chaos` injects errors (`o11y chaos off`).',
      exitCode: LOAD_EXIT.error,
    });
    return { error };
  }
}

// --max-p99, --max-error-rate: a broken threshold fails the command with exit code 3.
import { UserError } from '../../errors.js';
import { LOAD_EXIT } from '../exit-codes.js';
import type { Summary } from '../summary.js';
import type { Output, Verdict } from './output.js';

export class ThresholdsOutput implements Output {
  verdict(summary: Summary): Verdict | undefined {
    const broken = summary.thresholds.filter((t) => !t.ok);
    if (!broken.length) return undefined;
    return {
      error: new UserError(`Threshold broken: ${broken.map((t) => t.text).join('; ')}.`, {
        code: 'O11Y_LOAD_THRESHOLD_BROKEN',
        exitCode: LOAD_EXIT.thresholds,
      }),
    };
  }
}

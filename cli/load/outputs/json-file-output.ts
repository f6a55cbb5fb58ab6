// --out FILE: the summary as JSON in a file, written before the summary is printed.
import { writeFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import type { Summary } from '../summary.js';
import type { Output } from './output.js';

export class JsonFileOutput implements Output {
  constructor(private readonly file: string) {}

  done(summary: Summary): void {
    try {
      writeFileSync(this.file, JSON.stringify(summary, null, 2) + '\n');
    } catch (err) {
      throw new UserError(`Cannot write ${this.file}: ${(err as Error).message}`, { code: 'O11Y_FILE_UNWRITABLE', cause: err });
    }
  }
}

// The built `o11y` command in a scratch folder (its own state folder), for image and doctor tests.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertBuilt } from '../e2e/helpers/o11y-cli.js';

export { o11y, type CliResult } from '../e2e/helpers/o11y-cli.js';

export function scratchDir(prefix: string): string {
  assertBuilt();
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

// The recorded expositions of test/targets/fixtures/, parsed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExposition, type Metrics } from '../../cli/targets/exposition.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function fixture(name: string): Metrics {
  const result = parseExposition(readFileSync(path.join(fixtures, `${name}.prom`), 'utf8'));
  assert.ok(result.ok, result.ok ? '' : `${name}.prom: ${result.reason}`);
  return result.metrics;
}

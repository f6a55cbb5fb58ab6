// The load summary's JSON Schema (schemas/load-summary.v<N>.json, shipped with the package),
// compiled once with ajv, the reference validator: tests hold real summaries to it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SUMMARY_SCHEMA_VERSION } from '../../cli/load/summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SUMMARY_SCHEMA_FILE = path.join(root, 'schemas', `load-summary.v${SUMMARY_SCHEMA_VERSION}.json`);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let validate: ReturnType<Ajv2020['compile']> | undefined;

/** What in `summary` the schema refuses (an empty list: it matches), serialised as `--json` prints it. */
export function summarySchemaErrors(summary: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SUMMARY_SCHEMA_FILE, 'utf8')));
  }
  return validate(JSON.parse(JSON.stringify(summary))) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

// Histogram buckets in milliseconds turned into seconds in PromQL. label_replace cannot divide,
// but dividing a decimal by 1000 is moving its point three places left, which regular
// expressions can do on the text: "250" -> "0.250", "7.5" -> "0.0075", "2500" -> "2.500".
// Each rule reads the original `le` into a scratch label, so no bound is shifted twice; a bound
// the rules do not know ("+Inf", or exponent forms such as "1e+06") keeps its `le`.

const SCRATCH = 'le_seconds';

/** [regex on the whole le, replacement]: integer part of 1, 2, 3 or more digits, with or without a fraction. */
const SHIFTS: Array<[string, string]> = [
  ['([0-9])', '0.00$1'],
  ['([0-9])[.]([0-9]+)', '0.00$1$2'],
  ['([0-9]{2})', '0.0$1'],
  ['([0-9]{2})[.]([0-9]+)', '0.0$1$2'],
  ['([0-9]{3})', '0.$1'],
  ['([0-9]{3})[.]([0-9]+)', '0.$1$2'],
  ['([0-9]+)([0-9]{3})', '$1.$2'],
  ['([0-9]+)([0-9]{3})[.]([0-9]+)', '$1.$2$3'],
];

/**
 * `expr` (bucket series with `le` in milliseconds) with `le` in seconds. The scratch label stays on
 * the result: aggregate it away (`sum by (..., le)`).
 */
export function bucketsToSeconds(expr: string): string {
  let out = expr;
  for (const [regex, replacement] of SHIFTS) out = `label_replace(${out}, "${SCRATCH}", "${replacement}", "le", "${regex}")`;
  return `label_replace(${out}, "le", "$1", "${SCRATCH}", "(.+)")`;
}

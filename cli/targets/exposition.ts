// Reads a scrape's body as Prometheus does (text format 0.0.4, OpenMetrics text tolerated) into
// what recognising a client library needs: each family's type, help, label names and series
// count; or, when it is not metrics, why in words, with the line that broke it.
import { familyOfSample, foldInto, type Grouping } from './exposition-grouping.js';
import type { MetricFamily, MetricType, Metrics } from './metric-family.js';

export type { MetricFamily, MetricType, Metrics };

export type ExpositionResult = { ok: true; metrics: Metrics } | { ok: false; reason: string };

// OpenMetrics types mapped onto the five Prometheus stores.
const TYPES: Record<string, MetricType> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  untyped: 'untyped',
  unknown: 'untyped',
  info: 'gauge',
  stateset: 'gauge',
  gaugehistogram: 'histogram',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// As Go's strconv.ParseFloat, which Prometheus uses: NaN and Inf in any case (prom-client writes "Nan").
const VALUE = /^[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf(?:inity)?|nan)$/i;
const TIMESTAMP = /^-?\d+(?:\.\d+)?$/;

class LineError extends Error {}

export function parseExposition(text: string): ExpositionResult {
  const notText = notPrometheusText(text);
  if (notText) return { ok: false, reason: notText };
  const grouping: Grouping = { metrics: new Map(), aliases: new Map(), sawTotal: new Set() };
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    try {
      if (line.trim() === '') continue;
      if (line.startsWith('#')) readComment(line, grouping);
      else readSample(line, grouping);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      return { ok: false, reason: `line ${i + 1} is not a sample or a comment (${err.message}): ${quote(line)}` };
    }
  }
  if (grouping.metrics.size === 0) return { ok: false, reason: 'it has comments but no metric in it' };
  return { ok: true, metrics: foldInto(grouping) };
}

/** The body as a whole is something else: empty, an HTML or XML page, JSON. */
function notPrometheusText(text: string): string | undefined {
  const body = text.trim();
  if (body === '') return 'the body is empty';
  if (body.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return /^<(!doctype html|html)/i.test(body) || /<body/i.test(body)
      ? `it is an HTML page${title ? ` ("${title}")` : ''}, not Prometheus text: the URL is a web page, not the metrics endpoint`
      : 'it is XML or HTML (it starts with "<"), not Prometheus text';
  }
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      JSON.parse(body);
      return "it is JSON, not Prometheus text (a JSON metrics endpoint, such as Spring Boot's /actuator/metrics, is not what Prometheus scrapes)";
    } catch {
      // Not JSON either: the line-by-line reading says what is wrong.
    }
  }
  return undefined;
}

function readComment(line: string, g: Grouping): void {
  const m = /^#\s*(HELP|TYPE|UNIT|EOF)\b\s*(.*)$/.exec(line);
  if (!m) return; // any other comment is allowed and means nothing
  const [, keyword, rest] = m;
  if (keyword === 'EOF') return;
  const name = METRIC_NAME.exec(rest)?.[0];
  if (!name) throw new LineError(`# ${keyword} names no metric`);
  const arg = rest.slice(name.length).trim();
  if (keyword === 'TYPE') {
    const type = TYPES[arg.toLowerCase()];
    if (!type) throw new LineError(`unknown type "${arg}"`);
    declare(g, name, type);
  } else if (keyword === 'HELP') {
    familyFor(g, name).help = arg.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
  } else {
    familyFor(g, name).unit = arg || undefined;
  }
}

/** A TYPE line: a new family, unless it is the `_created` companion of one (client_python writes it as a gauge). */
function declare(g: Grouping, name: string, type: MetricType): void {
  if (companionOf(g, name)) return;
  const existing = g.metrics.get(name);
  if (existing && existing.series === 0 && existing.type === 'untyped') existing.type = type;
  else if (!existing) g.metrics.set(name, { type, labelNames: new Set(), series: 0 });
}

/** For `x_created`, the counter, histogram or summary `x` (or `x_total`) seen before it; remembered for its samples. */
function companionOf(g: Grouping, name: string): string | undefined {
  if (!name.endsWith('_created')) return undefined;
  const base = name.slice(0, -'_created'.length);
  const owner = [base, `${base}_total`].find((n) => ['counter', 'histogram', 'summary'].includes(g.metrics.get(n)?.type ?? ''));
  if (owner) g.aliases.set(name, owner);
  return owner;
}

/** The family a HELP or UNIT line speaks of (made untyped when no TYPE came first); none for a `_created` companion. */
function familyFor(g: Grouping, name: string): MetricFamily {
  if (companionOf(g, name)) return { type: 'untyped', labelNames: new Set(), series: 0 }; // its text is the owner's, dropped
  let family = g.metrics.get(name);
  if (!family) {
    family = { type: 'untyped', labelNames: new Set(), series: 0 };
    g.metrics.set(name, family);
  }
  return family;
}

function readSample(line: string, g: Grouping): void {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw new LineError('it does not start with a metric name');
  let at = name.length;
  const labels: string[] = [];
  if (line[at] === '{') at = readLabels(line, at + 1, labels);
  const rest = line.slice(at);
  if (rest !== '' && !/^[ \t]/.test(rest)) throw new LineError(`unexpected "${rest[0]}" after the name`);
  // OpenMetrics: an exemplar follows " # "; it is not part of the sample.
  const [fields] = rest.split(/\s#\s/, 1);
  const [value, timestamp, ...extra] = fields.trim().split(/[ \t]+/);
  if (!value) throw new LineError('no value');
  if (!VALUE.test(value)) throw new LineError(`value "${value}" is not a number`);
  if (timestamp !== undefined && !TIMESTAMP.test(timestamp)) throw new LineError(`timestamp "${timestamp}" is not a number`);
  if (extra.length > 0) throw new LineError('more fields than a value and a timestamp');
  const family = familyOfSample(g, name);
  family.series += 1;
  for (const l of labels) family.labelNames.add(l);
}

/** Reads `a="x",b="y\"z"}` from `at` (just after `{`), pushing label names; returns the index after `}`. */
function readLabels(line: string, start: number, names: string[]): number {
  let at = start;
  const skipSpace = () => {
    while (line[at] === ' ' || line[at] === '\t') at++;
  };
  for (;;) {
    skipSpace();
    if (line[at] === '}') return at + 1;
    const name = LABEL_NAME.exec(line.slice(at))?.[0];
    if (!name) throw new LineError(`bad label name at column ${at + 1}`);
    at += name.length;
    skipSpace();
    if (line[at] !== '=') throw new LineError(`label ${name} has no "="`);
    at++;
    skipSpace();
    if (line[at] !== '"') throw new LineError(`label ${name}'s value is not quoted`);
    at = skipQuoted(line, at + 1, name);
    names.push(name);
    skipSpace();
    if (line[at] === ',') at++;
    else if (line[at] !== '}') throw new LineError(`expected "," or "}" after label ${name}`);
  }
}

/** Past a label value's closing quote; `\"`, `\\` and `\n` are escapes, so a quoted `}` or `,` is text. */
function skipQuoted(line: string, start: number, label: string): number {
  for (let at = start; at < line.length; at++) {
    if (line[at] === '\\') at++;
    else if (line[at] === '"') return at + 1;
  }
  throw new LineError(`label ${label}'s value has no closing quote`);
}

function quote(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}

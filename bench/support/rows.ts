// The rows and headline figures benches return, written once: "measure | median (min-max)" over
// the runs, "measure | value", a figure with its target, and rows of a table with fixed columns.
import { median, medianSpread } from './stats.js';
import type { BenchFigure, BenchRow } from './types.js';

/** One row of a "measure | median (min-max)" table. */
export const spreadRow = (measure: string, runs: number[], digits = 2): BenchRow => ({ measure, 'median (min-max)': medianSpread(runs, digits) });

/** One row of a "measure | value" table. */
export const valueRow = (measure: string, value: string | number): BenchRow => ({ measure, value });

export interface Target {
  /** As the table shows it: "<= 1.10". */
  text: string;
  /** Whether the runs' median meets it; none for a target judged by eye ("close to 1"). */
  met?: (median: number) => boolean;
}

export const atMost = (limit: number, digits = 2): Target => ({ text: `<= ${limit.toFixed(digits)}`, met: (m) => m <= limit });
export const atLeast = (limit: number, digits = 2): Target => ({ text: `>= ${limit.toFixed(digits)}`, met: (m) => m >= limit });

/** A headline figure: the runs' median (min-max), and its target with whether the median meets it. */
export function spreadFigure(what: string, runs: number[], opts: { digits?: number; target?: Target } = {}): BenchFigure {
  const { digits = 2, target } = opts;
  return { what, value: medianSpread(runs, digits), ...(target && { target: target.text, met: target.met?.(median(runs)) }) };
}

/** A row with every one of `columns`, in their order, blank where `values` has none. */
export function fullRow(columns: readonly string[], values: BenchRow): BenchRow {
  return Object.fromEntries(columns.map((c) => [c, values[c] ?? '']));
}

type NumberKey<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T];

/** One number of every run: `each(runs, 'cpuPct')`. */
export const each = <T>(runs: T[], key: NumberKey<T>): number[] => runs.map((r) => r[key] as number);

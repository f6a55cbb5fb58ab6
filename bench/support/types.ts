// What each bench/*.bench.ts returns: named sections of rows, printed as tables and saved as JSON;
// `figures` are the headline ratios the issue asks for, gathered into one table at the end.
export interface BenchFigure {
  what: string;
  /** "median (min-max)" over the runs. */
  value: string;
  /** The target, e.g. "<= 1.10". */
  target?: string;
  met?: boolean;
}

/** One row of a section's table: column name to cell. */
export type BenchRow = Record<string, string | number>;

export interface BenchSection {
  name: string;
  rows: BenchRow[];
  notes?: string[];
  figures?: BenchFigure[];
}

export type Bench = () => Promise<BenchSection[]>;

// What each bench/*.bench.ts returns: named sections of rows, printed as tables and saved as JSON.
export interface BenchSection {
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}

export type Bench = () => Promise<BenchSection[]>;

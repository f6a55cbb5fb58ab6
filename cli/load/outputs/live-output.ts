// The live line, once per second (report/live-line.ts) at the terminal's width, with rate mode's
// stalled/saturated word as saturation.ts judges the seconds so far.
import { liveLine } from '../report/live-line.js';
import { SaturationWatch } from '../saturation.js';
import type { LoadMode } from '../summary.js';
import type { Output, RunStart, TickSample } from './output.js';
import type { TerminalLines } from './terminal-lines.js';

export class LiveOutput implements Output {
  private mode: LoadMode = 'users';
  private readonly watch = new SaturationWatch();

  constructor(private readonly lines: TerminalLines) {}

  start(run: RunStart): void {
    this.mode = run.mode;
  }

  tick({ tick }: TickSample): void {
    const saturation = this.mode === 'rate' ? this.watch.add(tick) : undefined;
    this.lines.live((width) => liveLine(tick, this.mode, saturation, width));
  }

  end(): void {
    this.lines.clear();
  }
}

// The live line, once per second (report/live-line.ts) at the terminal's width, with rate mode's
// stalled/saturated word as saturation.ts judges the seconds so far, and users mode's late
// requests (slow-in-flight.ts).
import { liveLine } from '../report/live-line.js';
import { SaturationWatch } from '../saturation.js';
import { UsualLatency } from '../slow-in-flight.js';
import type { LoadMode } from '../summary.js';
import type { Output, RunStart, TickSample } from './output.js';
import type { TerminalLines } from './terminal-lines.js';

export class LiveOutput implements Output {
  private mode: LoadMode = 'users';
  private readonly watch = new SaturationWatch();
  private readonly usual = new UsualLatency();

  constructor(private readonly lines: TerminalLines) {}

  start(run: RunStart): void {
    this.mode = run.mode;
  }

  tick({ tick, engine }: TickSample): void {
    // Users mode: late requests are judged against the answers of this second and the few before.
    this.usual.add(tick);
    const slow = engine.mode === 'users' ? this.usual.slow(engine.inFlightAgesMs) : undefined;
    const saturation = this.mode === 'rate' ? this.watch.add(tick) : undefined;
    this.lines.live((width) => liveLine(tick, this.mode, saturation, slow, width));
  }

  end(): void {
    this.lines.clear();
  }
}

// Calls a run's outputs, phase by phase, in the order they were given (output.ts).
import type { EngineSnapshot } from '../engines/engine.js';
import type { RecorderTap } from '../recorder.js';
import type { Summary } from '../summary.js';
import type { Output, RunStart, TickSample, Verdict } from './output.js';

export class OutputSet {
  constructor(private readonly outputs: readonly Output[]) {}

  /** One tap for the recorder: none, the only one as is (the hot path), or all of them in turn. */
  tap(): RecorderTap | undefined {
    const taps = this.outputs.flatMap((o) => (o.tap ? [o.tap] : []));
    if (taps.length <= 1) return taps[0];
    return {
      response: (status, micros, expected) => {
        for (const t of taps) t.response(status, micros, expected);
      },
      error: (code) => {
        for (const t of taps) t.error(code);
      },
      timeout: (micros) => {
        for (const t of taps) t.timeout(micros);
      },
    };
  }

  async start(run: RunStart): Promise<void> {
    for (const o of this.outputs) await o.start?.(run);
  }

  tick(sample: TickSample): void {
    for (const o of this.outputs) o.tick?.(sample);
  }

  async end(engine: EngineSnapshot): Promise<void> {
    for (const o of this.outputs) await o.end?.(engine);
  }

  async finish(summary: Summary): Promise<void> {
    for (const o of this.outputs) await o.summarize?.(summary);
    for (const o of this.outputs) await o.done?.(summary);
  }
}

/** The first output's verdict on a finished run, if any has one. */
export function verdictOf(outputs: readonly Output[], summary: Summary): Verdict | undefined {
  for (const o of outputs) {
    const v = o.verdict?.(summary);
    if (v) return v;
  }
  return undefined;
}

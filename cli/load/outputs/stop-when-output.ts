// A stop condition asked after every second (never two at once): a truthy answer ends the run
// with stopReason 'condition', a string answer is kept as stopDetail. --until-alert asks "has
// Prometheus reported this alert firing (and delivered)?".
import type { Tick } from '../summary.js';
import type { Output, RunStart, TickSample } from './output.js';

export type StopCondition = (tick: Tick) => Promise<boolean | string> | boolean | string;

export class StopWhenOutput implements Output {
  private run?: RunStart;
  private checking = false;

  constructor(private readonly condition: StopCondition) {}

  start(run: RunStart): void {
    this.run = run;
  }

  tick({ tick, last }: TickSample): void {
    if (last || this.checking) return;
    this.checking = true;
    Promise.resolve()
      .then(() => this.condition(tick))
      .then((answer) => {
        if (answer) this.run?.stop('condition', typeof answer === 'string' ? answer : undefined);
      })
      .catch(() => undefined)
      .finally(() => (this.checking = false));
  }
}

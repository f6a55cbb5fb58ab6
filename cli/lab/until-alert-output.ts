// `o11y load --until-alert NAME` (and the trigger-alert preset) as an output of the run: the wait
// for the alert (cli/alerts/until-alert.ts) starts with the load, is asked after every second and
// stops the load once the alert fired and was delivered; its step times follow the summary.
import { formatAlertWait, untilAlert, type UntilAlert } from '../alerts/until-alert.js';
import { alertClock } from '../alerts/alert-times.js';
import { telegramEnabled } from '../alerts/render-alertmanager.js';
import { readSecrets } from '../config/secrets.js';
import type { Output, RunStart, TickSample, Verdict } from '../load/outputs/output.js';
import { StopWhenOutput } from '../load/outputs/stop-when-output.js';
import type { Summary } from '../load/summary.js';
import { style } from '../output.js';
import type { LoadedConfig } from './load-config.js';

export class UntilAlertOutput implements Output {
  private waiter?: UntilAlert;
  private readonly condition = new StopWhenOutput(() => this.waiter?.stopWhen() ?? false);
  private failure?: Error;

  /** `say`: lines for the user, above the live line. */
  constructor(
    private readonly lab: LoadedConfig,
    private readonly alertName: string,
    private readonly say: (line: string) => void,
  ) {}

  start(run: RunStart): void {
    const { config, stateDir } = this.lab;
    const secrets = readSecrets(stateDir);
    const delivery = telegramEnabled(config, secrets) ? ' and reaches Telegram' : ' (Telegram is off: no delivery to wait for)';
    this.say(style.dim(`Holding the load until ${this.alertName} fires${delivery}, at most the run's duration.`));
    // Created right before the load starts: step times are measured from here.
    this.waiter = untilAlert(config, secrets, this.alertName, {
      // The same clock time `o11y alerts` and `o11y status` show for this event (alert-times.ts).
      onStep: (step, ms, at) => this.say(style.cyan(`${this.alertName} ${step} after ${(ms / 1000).toFixed(1)} s${at ? ` (${alertClock(at)})` : ''}`)),
    });
    this.condition.start(run);
  }

  tick(sample: TickSample): void {
    this.condition.tick(sample);
  }

  end(): void {
    this.waiter?.cancel();
  }

  /** How long each step took, after the summary (not after Ctrl-C); a wait that failed decides the exit code. */
  async done(summary: Summary): Promise<void> {
    if (!this.waiter || summary.stopReason === 'interrupted') return;
    try {
      this.say(formatAlertWait(await this.waiter.settle()));
    } catch (err) {
      this.failure = err as Error;
    }
  }

  verdict(): Verdict | undefined {
    return this.failure && { error: this.failure };
  }
}

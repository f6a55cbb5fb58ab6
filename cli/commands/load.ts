// `o11y load`: virtual users (or a fixed rate, or flat out) against the gradebook, with a live
// line per second and a summary; thresholds set the exit code.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from '../services/index.js';
import { loadConfig } from '../lab/load-config.js';
import { addServerSide, openLoadMetrics } from '../lab/load-metrics.js';
import { UserError } from '../errors.js';
import { printJson, style } from '../output.js';
import { preflight } from '../load/preflight.js';
import { presetNames, PRESETS } from '../load/presets.js';
import { attachLiveReporter } from '../load/report/live-reporter.js';
import { summaryTable } from '../load/report/summary-table.js';
import { saveHtmlReport } from '../load/report/save-html-report.js';
import { assertWritable } from '../load/report/write-report.js';
import { targetVersion } from '../load/target-version.js';
import { buildRunOptions, DEFAULTS, type LoadFlags } from '../load/run-options.js';
import { startLoad } from '../load/run-load.js';
import { targetUrl } from '../load/request-target.js';
import { readSecrets } from '../config/secrets.js';
import { formatAlertWait, untilAlert, type UntilAlert } from '../alerts/until-alert.js';
import { telegramEnabled } from '../alerts/render-alertmanager.js';
import { defaultAlertTimeoutMs } from '../alerts/wait-for-alert.js';

/** Exit codes of `o11y load` (docs/load.md). */
export const LOAD_EXIT = { ok: 0, error: 1, thresholds: 3, interrupted: 130 } as const;

interface CommandFlags extends LoadFlags {
  json?: boolean;
  out?: string;
  report?: string;
  untilAlert?: string;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('virtual users against the gradebook (1 request/s each): live RPS, p50, p99, then a summary')
    .option('-u, --users <n>', `virtual users, each sending 1 request/s (default ${DEFAULTS.users})`)
    .option('--ramp <duration>', 'ramp users (or --rate) linearly from 0 over this time, then hold')
    .option(
      '-d, --duration <duration>',
      `how long to hold after the ramp (default ${DEFAULTS.duration}; ${DEFAULTS.maxDuration} with --max; with --until-alert, the rule's time limit)`,
    )
    .option('--stages <list>', 'load shape as DURATION:TARGET steps, e.g. 30s:50,1m:200,30s:0')
    .option('--rate <rps>', 'open model: this many requests/s whatever the answers take')
    .option('--max', 'flat out: find the saturated throughput (no pacing)')
    .addOption(new Option('--preset <name>', 'a named load shape; flags override its values').choices(presetNames()))
    .option(
      '--target <url>',
      'service to load (default http://<bindAddress>:<ports.app> from o11y.yaml, 127.0.0.1 by default; an https:// certificate is not checked)',
    )
    .option('--path <path>', `request path (default ${DEFAULTS.path})`)
    .option('--method <method>', 'HTTP method (default GET)')
    .option('--body <json>', 'request body, sent as application/json')
    .option('--timeout <duration>', `per-request timeout (default ${DEFAULTS.timeout})`)
    .option('-c, --connections <n>', `--max: connections (default ${DEFAULTS.maxConnections}); --rate: most connections to open`)
    .option('--warmup <duration>', 'leave the first seconds of the run out of the summary and thresholds (they are sent and shown live), e.g. 10s')
    .option('--max-p99 <duration>', 'fail (exit code 3) if the overall p99 is above this, e.g. 200ms')
    .option('--max-error-rate <percent>', 'fail (exit code 3) if more requests than this fail, e.g. 1%')
    .option('--json', 'print the summary as JSON on stdout (live lines go to stderr)')
    .option('--out <file>', 'also write the summary as JSON to this file')
    .option('--report <file>', 'also write an HTML report: charts per second, the summary, the command (opens offline)')
    .option('--until-alert <name>', "stop once this alert fires in the lab's Prometheus and reaches Telegram (the duration is the timeout)")
    .option('--force', 'load any URL, not only the gradebook')
    .addHelpText(
      'after',
      `
Presets:
${Object.values(PRESETS)
  .map((p) => `  ${p.name.padEnd(14)} ${p.description}`)
  .join('\n')}

Examples:
  $ o11y load --users 200                       200 users for 1 minute
  $ o11y load --users 500 --ramp 30s -d 2m      ramp to 500 users, hold 2 minutes
  $ o11y load --stages 30s:50,1m:200,30s:0      step up, hold, down
  $ o11y load --preset trigger-alert            200 users until the request-rate alert reaches Telegram
  $ o11y load --users 20 --until-alert HighLatencyP99   (after \`o11y chaos latency 600ms\`)
  $ o11y load --rate 300 -d 30s --max-p99 50ms  CI check: exit code 3 if p99 > 50ms
  $ o11y load --max -d 15s --json               saturated throughput, as JSON
  $ o11y load --rate 2000 -d 40s --warmup 10s   hold 2,000 req/s for 40 s; the summary counts the last 30 s
  $ o11y load --users 50 -d 30s --report run.html   charts and summary in one file to open later

Exit codes: 0 done, 1 could not run or every request failed, 3 a threshold was broken, 130 stopped by Ctrl-C.`,
    )
    .action(async (flags: CommandFlags) => runLoadCommand(flags));
}

export async function runLoadCommand(flags: CommandFlags): Promise<void> {
  // Waiting for an alert needs the lab's Prometheus and Alertmanager ports from o11y.yaml; otherwise
  // only the app's port comes from it, and with --target a broken config file does not matter.
  const alertName = flags.untilAlert ?? (flags.preset ? PRESETS[flags.preset]?.untilAlert : undefined);
  const lab = alertName ? loadConfig() : undefined;
  const config = flags.target ? DEFAULT_CONFIG : (lab ?? loadConfig()).config;
  // --until-alert without --duration (and no preset's): hold as long as the rule may take to fire.
  const defaultDurationMs = lab && alertName ? defaultAlertTimeoutMs(lab.config, alertName) : undefined;
  const { run: options, force, notes } = buildRunOptions(flags, config, { defaultDurationMs });
  // A path that cannot be written fails now, not after the run it was meant to keep.
  if (flags.report) assertWritable(flags.report, '--report');
  if (flags.out) assertWritable(flags.out, '--out');
  await preflight(options.target.origin, targetUrl(options.target), force, Boolean(flags.target));
  // Asked before the load, so its answers do not count; only the gradebook is asked (not with --force).
  const versionOfTarget = flags.report && !force ? await targetVersion(options.target.origin) : undefined;

  // With --json, stdout carries the JSON alone; everything for humans goes to stderr.
  const human = flags.json ? process.stderr : process.stdout;
  for (const n of notes) human.write(`${style.dim(n)}\n`);

  let until: UntilAlert | undefined;
  let live: ReturnType<typeof attachLiveReporter> | undefined;
  const metrics = await openLoadMetrics({ origin: options.target.origin, users: options.mode === 'users', lab, onLine: (l) => live?.print(style.dim(l)) });
  human.write(`${style.dim(metrics.line)}\n`);
  options.metrics = metrics.exporter;
  if (lab && alertName) {
    const delivery = telegramEnabled(lab.config, readSecrets(lab.stateDir)) ? ' and reaches Telegram' : ' (Telegram is off: no delivery to wait for)';
    human.write(style.dim(`Holding the load until ${alertName} fires${delivery}, at most the run's duration.`) + '\n');
    // Created right before the load starts: step times are measured from here.
    const waiter = untilAlert(lab.config, readSecrets(lab.stateDir), alertName, {
      onStep: (step, ms) => live?.print(style.cyan(`${alertName} ${step} after ${(ms / 1000).toFixed(1)} s`)),
    });
    options.stopWhen = () => waiter.stopWhen();
    until = waiter;
  }
  const run = startLoad(options);
  live = attachLiveReporter(run, options.mode, human);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(LOAD_EXIT.interrupted);
    live?.print(style.yellow('stopping… (Ctrl-C again to quit at once)'));
    run.stop('interrupted');
  };
  process.on('SIGINT', onSigint);
  let summary: Awaited<typeof run.done>;
  try {
    summary = await run.done;
  } finally {
    process.off('SIGINT', onSigint);
    live.clear();
    until?.cancel();
  }

  if (metrics.exporter?.window()) human.write(style.dim("Reading the server's side of the same window from Prometheus (its next scrape)…") + '\n');
  await addServerSide(summary, metrics);

  // After everything the summary carries; a failed write is said after the summary, which still comes.
  let reportError: unknown;
  if (flags.report) {
    try {
      summary.report = saveHtmlReport(flags.report, summary, { argv: process.argv.slice(2), targetVersion: versionOfTarget });
    } catch (err) {
      reportError = err;
    }
  }
  if (flags.out) {
    try {
      writeFileSync(flags.out, JSON.stringify(summary, null, 2) + '\n');
    } catch (err) {
      throw new UserError(`Cannot write ${flags.out}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (flags.json) printJson(summary);
  else human.write(`${summaryTable(summary)}\n`);

  if (summary.report) human.write(style.dim(`Report: ${summary.report}`) + '\n');
  if (until && summary.stopReason !== 'interrupted') human.write(`${formatAlertWait(await until.settle())}\n`);
  if (reportError) throw reportError;

  const broken = summary.thresholds.filter((t) => !t.ok);
  if (broken.length) {
    throw new UserError(`Threshold broken: ${broken.map((t) => t.text).join('; ')}.`, { exitCode: LOAD_EXIT.thresholds });
  }
  if (summary.stopReason === 'interrupted') {
    process.exitCode = LOAD_EXIT.interrupted;
    return;
  }
  // Nothing succeeded: a wrong --path or --method, or errors injected, not a load result.
  // (Not when an error-rate threshold was set: the user decided what is acceptable.)
  if (summary.requests > 0 && summary.failed === summary.requests && options.thresholds?.maxErrorRate === undefined) {
    const how = Object.entries(summary.statusClasses)
      .filter(([, n]) => n > 0)
      .map(([cls, n]) => `${n} × ${cls}`);
    if (summary.errors) how.push(`${summary.errors} connection errors`);
    if (summary.timeouts) how.push(`${summary.timeouts} timeouts`);
    throw new UserError(`Every request failed (${how.join(', ')}).`, {
      hint: 'Check --path, --method and --body against the API (/docs), or whether `o11y chaos` injects errors (`o11y chaos off`).',
      exitCode: LOAD_EXIT.error,
    });
  }
}

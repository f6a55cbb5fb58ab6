// `o11y load`: virtual users (or a fixed rate, or flat out) against the gradebook, with a live
// line per second and a summary; thresholds set the exit code.
import { Option, type Command } from 'commander';
import { DEFAULT_CONFIG } from '../services/index.js';
import { loadConfig } from '../lab/load-config.js';
import { loadOutputs } from '../lab/load-outputs.js';
import { style, wrapFor } from '../output.js';
import { LOAD_EXIT } from '../load/exit-codes.js';
import { verdictOf } from '../load/outputs/output-set.js';
import type { TerminalLines } from '../load/outputs/terminal-lines.js';
import { preflight } from '../load/preflight.js';
import { presetNames, PRESETS } from '../load/presets.js';
import { assertWritable } from '../load/report/write-report.js';
import { targetVersion as askTargetVersion } from '../load/target-version.js';
import { buildRunOptions, DEFAULTS, type LoadFlags } from '../load/run-options.js';
import { startLoad, type LoadRun } from '../load/run-load.js';
import { targetUrl } from '../load/request-target.js';
import type { Summary } from '../load/summary.js';
import { defaultAlertTimeoutMs } from '../alerts/wait-for-alert.js';

/** Exit codes of `o11y load` (docs/load.md). */
export { LOAD_EXIT };

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
  const targetVersion = flags.report && !force ? await askTargetVersion(options.target.origin) : undefined;

  // With --json, stdout carries the JSON alone; everything for humans goes to stderr.
  const human = flags.json ? process.stderr : process.stdout;
  for (const n of notes) human.write(`${wrapFor(human, style.dim(n), '  ')}\n`);
  const { outputs, lines } = loadOutputs(flags, options, { human, lab, alertName, argv: process.argv.slice(2), targetVersion });
  const summary = await interruptible(startLoad({ ...options, outputs }), lines);
  const verdict = verdictOf(outputs, summary);
  if (verdict && 'error' in verdict) throw verdict.error;
  if (verdict) process.exitCode = verdict.exitCode;
}

/** Ctrl-C stops the run (its summary still comes); a second one quits at once. */
async function interruptible(run: LoadRun, lines: TerminalLines): Promise<Summary> {
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    // After the load (waiting for Prometheus' next scrape, an alert's delivery) there is nothing to stop.
    if (interrupts > 1 || run.loadEnded) process.exit(LOAD_EXIT.interrupted);
    lines.print(style.yellow('stopping… (Ctrl-C again to quit at once)'));
    run.stop('interrupted');
  };
  process.on('SIGINT', onSigint);
  try {
    return await run.done;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

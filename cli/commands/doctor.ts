// `o11y doctor`: one line per check with its fix; `--fix` installs and starts what is missing.
import { configOption, shortConfigRefused } from './config-option.js';
import { confirm } from '@inquirer/prompts';
import type { Command } from 'commander';
import type { CheckResult } from '../doctor/check.js';
import { checkConfig } from '../doctor/config-check.js';
import { applyFixes, describePlan, ensureCanFix, planFixes } from '../doctor/fix.js';
import { upWillAsk } from '../doctor/image-checks.js';
import { doctorPassed, runDoctor } from '../doctor/run-doctor.js';
import { UserError } from '../errors.js';
import { printJson, style } from '../output.js';

interface DoctorFlags {
  config?: string;
  json?: boolean;
  fix?: boolean;
  yes?: boolean;
  offline?: boolean;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the config, Node, Docker, ports, images and Telegram, each with its fix')
    .addOption(configOption())
    .addOption(shortConfigRefused())
    .option('--json', 'machine-readable output')
    .option('--fix', 'on Debian/Ubuntu as root: install docker.io/debootstrap with apt and start the daemon, then check again')
    .option('-y, --yes', 'with --fix: do it without asking')
    .option('--offline', 'do not ask any registry whether images can be pulled')
    .addHelpText('after', '\nExamples:\n  $ o11y doctor\n  $ sudo o11y doctor --fix --yes')
    .action(async (flags: DoctorFlags) => {
      // A broken o11y.yaml is the first failed check, not the end of the run.
      const configCheck = checkConfig({ configPath: flags.config });
      let results = await runDoctor(configCheck, { offline: flags.offline });
      if (flags.fix) {
        const plan = planFixes(results);
        const steps = describePlan(plan);
        if (steps.length === 0) {
          const failing = results.filter((r) => r.status === 'fail').map((r) => r.title);
          console.error(style.dim(failing.length ? `--fix cannot help with: ${failing.join(', ')}; see the fixes below.` : 'Nothing for --fix to do here.'));
        } else {
          ensureCanFix(plan);
          console.error(`doctor --fix will:\n${steps.map((s) => `  - ${s}`).join('\n')}`);
          if (!flags.yes) {
            if (!process.stdin.isTTY)
              throw new UserError('doctor --fix asks before changing the system.', {
                code: 'O11Y_CONFIRMATION_NEEDED',
                hint: 'Add --yes to proceed without a terminal.',
              });
            // The question goes to stderr with the plan: stdout stays the report (`--json`).
            if (!(await confirm({ message: 'Go ahead?', default: true }, { output: process.stderr })))
              throw new UserError('Nothing changed.', { code: 'O11Y_CHANGE_DECLINED', exitCode: 1 });
          }
          await applyFixes(plan, configCheck.loaded.stateDir, (line) => console.error(style.dim(line)));
          results = await runDoctor(configCheck, { offline: flags.offline });
        }
      }
      if (flags.json) printJson({ ok: doctorPassed(results), checks: results });
      else printResults(results);
      if (!doctorPassed(results)) process.exitCode = 1;
    });
}

const MARK = { ok: style.green('✔'), warn: style.yellow('!'), fail: style.red('✖'), skip: style.dim('-') };

function printResults(results: CheckResult[]): void {
  for (const r of results) {
    console.log(`${MARK[r.status]} ${r.title}: ${r.detail}`);
    if (r.fix) console.log(`    ${style.dim('fix:')} ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  // An image warning means `o11y up` will stop at a question: not "all passed".
  const asks = upWillAsk(results);
  if (failed) console.log(style.red(`\n${failed} check(s) failed.`));
  else if (asks)
    console.log(style.yellow('\nNo check failed, but `o11y up` will ask about the images above (`o11y up --yes` takes the local builds without asking).'));
  else console.log(style.green(`\nAll checks passed${warned ? ` (${warned} warning(s))` : ''}.`));
}

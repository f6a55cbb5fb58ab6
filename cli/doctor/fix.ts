// `o11y doctor --fix`: on Debian/Ubuntu as root, installs what is missing with apt and starts
// the daemon. Planning is separate from doing, so the user sees (and approves) the plan first.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import type { CheckResult } from './check.js';
import { findExecutable } from './find-executable.js';
import { ensureDockerRunning } from './start-docker.js';

export interface FixPlan {
  packages: string[];
  startDaemon: boolean;
}

export function planFixes(results: CheckResult[]): FixPlan {
  const failed = (id: string) => results.some((r) => r.id === id && r.status === 'fail');
  const packages: string[] = [];
  if (!findExecutable('dockerd')) packages.push('docker.io');
  if (!findExecutable('debootstrap')) packages.push('debootstrap');
  return { packages, startDaemon: failed('docker-daemon') && !process.env.DOCKER_HOST };
}

export function describePlan(plan: FixPlan): string[] {
  const out: string[] = [];
  if (plan.packages.length) out.push(`apt-get install -y ${plan.packages.join(' ')}`);
  if (plan.startDaemon) out.push('start the Docker daemon (systemd if it is the init, otherwise dockerd in the background)');
  return out;
}

/** Refuses clearly where --fix cannot act: not Debian/Ubuntu, or not root. */
export function ensureCanFix(plan: FixPlan): void {
  if (plan.packages.length && !isDebianLike()) {
    throw new UserError('`doctor --fix` installs packages only on Debian or Ubuntu.', {
      code: 'O11Y_FIX_UNSUPPORTED',
      hint: "Install Docker for your system (Docker Desktop, or your distribution's docker package), then run `o11y doctor` again.",
    });
  }
  if (process.getuid?.() !== 0) {
    throw new UserError('`doctor --fix` needs root to install packages and start the daemon.', { code: 'O11Y_ROOT_REQUIRED', hint: 'sudo o11y doctor --fix' });
  }
}

export async function applyFixes(plan: FixPlan, stateDir: string, log: (line: string) => void): Promise<void> {
  if (plan.packages.length) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', ...plan.packages]]) {
      log(`$ apt-get ${args.join(' ')}`);
      // apt's progress goes to stderr with our own lines: stdout is only the checks (`--json` stays parseable).
      const res = spawnSync('apt-get', args, { stdio: ['inherit', 2, 'inherit'], env });
      if (res.status !== 0)
        throw new UserError(`apt-get ${args[0]} failed (exit ${res.status ?? res.signal}).`, {
          code: 'O11Y_APT_FAILED',
          hint: 'Fix apt (see its output above) and run `o11y doctor --fix` again.',
        });
    }
  }
  if (plan.startDaemon || plan.packages.includes('docker.io')) {
    const started = await ensureDockerRunning({ stateDir, log });
    if (started.how === 'dockerd') log(`dockerd is running (pid ${started.pid}, log ${started.logPath})`);
    else if (started.how === 'systemd') log('Docker started with systemd');
  }
}

export function isDebianLike(): boolean {
  try {
    const os = readFileSync('/etc/os-release', 'utf8');
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(os);
  } catch {
    return false;
  }
}

// What every doctor check returns: one line a user reads, and the fix when it is not ok.
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id for scripts (--json): docker-installed, docker-daemon, image:prometheus, ... */
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it; present whenever status is warn or fail. */
  fix?: string;
}

export function ok(id: string, title: string, detail: string): CheckResult {
  return { id, title, status: 'ok', detail };
}

export function fail(id: string, title: string, detail: string, fix: string): CheckResult {
  return { id, title, status: 'fail', detail, fix };
}

export function warn(id: string, title: string, detail: string, fix: string): CheckResult {
  return { id, title, status: 'warn', detail, fix };
}

export function skip(id: string, title: string, detail: string): CheckResult {
  return { id, title, status: 'skip', detail };
}

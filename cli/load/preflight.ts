// Before any load: is the target there, and is it the gradebook? A refused connection or a
// wrong URL should be one clear line, not a thousand errors per second.
import http from 'node:http';
import https from 'node:https';
import { UserError } from '../errors.js';

const TIMEOUT_MS = 5000;

// node:http rather than fetch: fetch refuses some ports outright ("bad port": 1, 6000, 10080...).
// A certificate is not checked, as the load itself does not check it (nor do wrk, hey or
// autocannon): staging services often run behind a self-signed one, and a load measures, it does
// not vouch for the target.
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).get(url, { timeout: TIMEOUT_MS, agent: false, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 1_000_000) body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

function reachError(origin: string, err: unknown, explicitTarget: boolean): UserError {
  const e = err as NodeJS.ErrnoException;
  const code = e.code === 'ETIMEDOUT' ? e.message : (e.code ?? e.message);
  if (explicitTarget) {
    return new UserError(`Cannot reach ${origin} (${code}), the --target given.`, {
      hint: 'Check the address and port, and that the service runs there.',
      cause: err,
    });
  }
  return new UserError(`Cannot reach ${origin} (${code}). Is the lab up?`, {
    hint: 'Start it with `o11y up` (or `o11y serve` for the service alone), or pass --target URL.',
    cause: err,
  });
}

function isJson(body: string, check: (v: unknown) => boolean): boolean {
  try {
    return check(JSON.parse(body));
  } catch {
    return false;
  }
}

/**
 * Checks the gradebook's own signs: GET /healthz answers {"status":"ok"} and GET /students/
 * a JSON list. With `force`, only that the target answers HTTP at all.
 */
export async function preflight(origin: string, requestUrl: string, force: boolean, explicitTarget = false): Promise<void> {
  const notGradebook = (why: string) =>
    new UserError(`${origin} does not look like the gradebook service: ${why}.`, {
      hint: 'Point --target at the gradebook (the lab serves it on port 8000), or pass --force to load any URL.',
    });
  if (force) {
    try {
      await get(requestUrl);
    } catch (err) {
      throw reachError(origin, err, explicitTarget);
    }
    return;
  }
  let health: Awaited<ReturnType<typeof get>>;
  try {
    health = await get(new URL('/healthz', origin).href);
  } catch (err) {
    throw reachError(origin, err, explicitTarget);
  }
  if (health.status !== 200 || !isJson(health.body, (v) => (v as { status?: unknown })?.status === 'ok')) {
    throw notGradebook(`GET /healthz answered ${health.status}, not {"status":"ok"}`);
  }
  const students = await get(new URL('/students/', origin).href).catch((err) => {
    throw reachError(origin, err, explicitTarget);
  });
  // With `o11y chaos errors` on, the gradebook fails some requests on purpose: still the gradebook.
  const injected = students.status === 500 && students.body.includes('Injected fault');
  if (!injected && (students.status !== 200 || !isJson(students.body, Array.isArray))) {
    throw notGradebook(`GET /students/ answered ${students.status}, not a JSON list`);
  }
}

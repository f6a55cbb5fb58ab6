// Before any load: is the target there, and is it the gradebook? A refused connection or a
// wrong URL should be one clear line, not a thousand errors per second.
import { request, ServiceHttpError } from '../clients/lab-http.js';
import { UserError } from '../errors.js';

// A certificate is not checked, as the load itself does not check it (nor do wrk, hey or
// autocannon): staging services often run behind a self-signed one, and a load measures, it does
// not vouch for the target.
export async function get(url: string): Promise<{ status: number; body: string }> {
  const answer = await request({ service: 'The target', baseUrl: url, insecure: true });
  return { status: answer.status, body: answer.text };
}

function reachError(origin: string, err: unknown, explicitTarget: boolean): unknown {
  if (!(err instanceof ServiceHttpError)) return err;
  if (explicitTarget) {
    return new UserError(`Cannot reach ${origin} (${err.reason}), the --target given.`, {
      code: 'O11Y_SERVICE_UNREACHABLE',
      hint: 'Check the address and port, and that the service runs there.',
      cause: err,
    });
  }
  return new UserError(`Cannot reach ${origin} (${err.reason}). Is the lab up?`, {
    code: 'O11Y_SERVICE_UNREACHABLE',
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
      code: 'O11Y_TARGET_NOT_GRADEBOOK',
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

// Talks to the running app's fault-injection endpoint (/chaos, bearer token from the secrets
// file), so the latency and error alerts can be demonstrated: `o11y chaos`.
import { UserError } from '../errors.js';
import { parseDuration, parseRatio } from '../units.js';
import { request, shownUrl } from './lab-http.js';

export interface ChaosSettings {
  /** Added to every API request, ms. */
  latencyMs: number;
  /** Share of API requests answered 500, 0-1. */
  errorRate: number;
}

/** "600ms" or "1.5s" to whole milliseconds. A bare "600" is refused, as `o11y load --max-p99 50` is. */
export function parseLatency(text: string): number {
  const ms = Math.round(parseDuration(text, { what: 'latency' }));
  if (ms > 60_000) throw new UserError(`${text} is more than the 60 s the app accepts.`, { code: 'O11Y_FLAG_INVALID' });
  return ms;
}

/** "20%" or "0.2" to 0.2. */
export function parseErrorRate(text: string): number {
  return parseRatio(text, { what: 'error rate' });
}

export interface ChaosClient {
  get(): Promise<ChaosSettings>;
  /** Changes only the fields given; the others keep their current values. */
  update(change: Partial<ChaosSettings>): Promise<ChaosSettings>;
  off(): Promise<ChaosSettings>;
}

export function chaosClient(target: string, token: string | undefined): ChaosClient {
  if (!token) {
    throw new UserError('No chaos token in the secrets file.', {
      code: 'O11Y_CHAOS_TOKEN_MISSING',
      hint: 'Run `o11y init` (it generates one), then `o11y up` so the app gets it.',
    });
  }
  const base = target.replace(/\/+$/, '');
  async function call(method: 'GET' | 'PUT' | 'DELETE', body?: ChaosSettings): Promise<ChaosSettings> {
    const res = await request({
      service: 'The app',
      baseUrl: base,
      path: '/chaos',
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      hint: 'Is the lab running? `o11y up` starts it; --target points at another app.',
    });
    if (res.status === 401) {
      throw new UserError(`The app at ${shownUrl(base)} rejected the chaos token.`, {
        code: 'O11Y_CHAOS_TOKEN_REJECTED',
        hint: 'The app runs with another CHAOS_TOKEN than the secrets file: `o11y up` recreates it with the current one.',
      });
    }
    if (res.status === 404) {
      throw new UserError(`The app at ${shownUrl(base)} has no chaos endpoint.`, {
        code: 'O11Y_CHAOS_UNAVAILABLE',
        hint: 'It was started without CHAOS_TOKEN; `o11y up` starts it with one.',
      });
    }
    let answer: Partial<ChaosSettings> & { message?: string } = {};
    try {
      answer = JSON.parse(res.text);
    } catch {
      // not JSON: the status says it below
    }
    if (res.status < 200 || res.status > 299) {
      throw new UserError(`The app refused the chaos setting: ${answer.message ?? `HTTP ${res.status}`}.`, { code: 'O11Y_SERVICE_ERROR' });
    }
    return { latencyMs: answer.latencyMs ?? 0, errorRate: answer.errorRate ?? 0 };
  }
  return {
    get: () => call('GET'),
    // The endpoint resets fields left out of a PUT, so send both.
    update: async (change) => call('PUT', { ...(await call('GET')), ...change }),
    off: () => call('DELETE'),
  };
}

// What every virtual user sends: one HTTP request, and the options autocannon's client takes for it.
import { URL, urlToHttpOptions } from 'node:url';

export interface RequestTarget {
  /** Origin, e.g. http://127.0.0.1:8000 */
  origin: string;
  path: string;
  method: string;
  timeoutMs: number;
  body?: string;
  headers?: Record<string, string>;
}

export function targetUrl(t: RequestTarget): string {
  return new URL(t.path, t.origin).href;
}

/** The per-connection options autocannon's run() builds for its clients (lib/run.js). */
export function autocannonClientOptions(t: RequestTarget, rate?: number): Record<string, unknown> {
  const parsed = new URL(targetUrl(t));
  return {
    ...urlToHttpOptions(parsed),
    host: parsed.host,
    origin: parsed.origin,
    pipelining: 1,
    method: t.method,
    body: t.body,
    headers: { ...(t.body ? { 'content-type': 'application/json' } : {}), ...t.headers },
    // autocannon counts timeouts in (fractional) seconds.
    timeout: t.timeoutMs / 1000,
    rate,
  };
}

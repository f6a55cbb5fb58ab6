// The one HTTP client for what the CLI talks to (Prometheus, Alertmanager, the app's chaos
// endpoint, Telegram's Bot API, the load target): one timeout policy, one error shape that names
// the service, where it is (never a path or credentials: Telegram's token is in its paths), what
// happened and what to do.
//
// node:http rather than fetch: fetch refuses some ports outright ("bad port": 1, 6000, 10080...),
// which ports.* or --target may well name, and it cannot skip the certificate check a load target
// behind a self-signed one needs.
import http from 'node:http';
import https from 'node:https';
import { UserError } from '../errors.js';

/** The whole exchange (connect, answer, body) ends within this unless a call says otherwise. */
export const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export interface HttpCall {
  /** Who answers, as users know it: "Prometheus", "Alertmanager", "The app", "Telegram's Bot API". */
  service: string;
  /** Where the service is; shown in errors without credentials, query or fragment. */
  baseUrl: string;
  /** Appended to baseUrl and never shown (it may hold a token). */
  path?: string;
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** The caller's own cancellation; an abort rejects with its reason, not as a service error. */
  signal?: AbortSignal;
  /** What to do when the service does not answer (default: start the lab). */
  hint?: string;
  /** What to do when it answers with an error. */
  errorHint?: string;
  /** Accept a certificate no one vouches for (load targets: a load measures, it does not vouch). */
  insecure?: boolean;
  /** A keep-alive agent for repeated calls; by default each call has its own connection. */
  agent?: http.Agent;
  maxBytes?: number;
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** unreachable: refused, reset, no such host; timeout: no whole answer in time; status: not 2xx; body: not what was expected. */
export type HttpFailure = 'unreachable' | 'timeout' | 'status' | 'body';

export class ServiceHttpError extends UserError {
  constructor(
    readonly service: string,
    /** The service's address as shown: no credentials, no path beyond the base URL's. */
    readonly where: string,
    readonly failure: HttpFailure,
    /** The short reason: ECONNREFUSED, "no answer within 5 s", "HTTP 503: ...". */
    readonly reason: string,
    readonly status: number | undefined,
    options: { hint?: string; cause?: unknown },
  ) {
    const unreachable = failure === 'unreachable' || failure === 'timeout';
    super(unreachable ? `${service} at ${where} is not answering (${reason}).` : `${service} at ${where} answered ${reason}.`, {
      code: unreachable ? 'O11Y_SERVICE_UNREACHABLE' : 'O11Y_SERVICE_ERROR',
      ...options,
    });
  }
}

/** A base URL as errors show it: no user, password, query or fragment; no trailing slash. */
export function shownUrl(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(an invalid URL)';
  }
}

const LAB_HINT = 'Is the lab running? `o11y status` shows what is up; `o11y up` starts it.';

/** Any HTTP answer, whatever its status; throws ServiceHttpError only when none came in time. */
export function request(call: HttpCall): Promise<HttpAnswer> {
  const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = call.maxBytes ?? DEFAULT_MAX_BYTES;
  const where = shownUrl(call.baseUrl);
  const fail = (failure: HttpFailure, reason: string, cause?: unknown) =>
    new ServiceHttpError(call.service, where, failure, reason, undefined, { hint: call.hint ?? LAB_HINT, cause });
  let url: URL;
  try {
    url = new URL(call.path === undefined ? call.baseUrl : call.baseUrl.replace(/\/+$/, '') + call.path);
  } catch (err) {
    return Promise.reject(fail('unreachable', 'not a valid URL', err));
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  const body = call.body === undefined ? undefined : Buffer.from(call.body);
  const headers = { ...(body ? { 'content-length': body.length } : {}), ...call.headers };
  return new Promise((resolve, reject) => {
    const settle = (err: unknown) => {
      if (call.signal?.aborted && !timeout.aborted) reject(call.signal.reason);
      else if (timeout.aborted) reject(fail('timeout', `no answer within ${seconds(timeoutMs)}`, err));
      else if (err instanceof ServiceHttpError) reject(err);
      else reject(fail('unreachable', (err as NodeJS.ErrnoException).code ?? (err as Error).message, err));
    };
    const options: https.RequestOptions = { method: call.method ?? 'GET', headers, agent: call.agent ?? false, signal };
    if (call.insecure) options.rejectUnauthorized = false;
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) res.destroy(fail('body', `more than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', settle);
    });
    req.on('error', settle);
    req.end(body);
  });
}

/** A 2xx answer's text; anything else throws a ServiceHttpError that quotes the answer. */
export async function requestText(call: HttpCall): Promise<string> {
  const answer = await request(call);
  if (answer.status < 200 || answer.status > 299) throw statusError(call, answer);
  return answer.text;
}

/** A 2xx answer's JSON; another status or a body that is not JSON throws a ServiceHttpError. */
export async function requestJson<T>(call: HttpCall): Promise<T> {
  const answer = await request(call);
  if (answer.status < 200 || answer.status > 299) throw statusError(call, answer);
  try {
    return JSON.parse(answer.text) as T;
  } catch (err) {
    throw new ServiceHttpError(call.service, shownUrl(call.baseUrl), 'body', `HTTP ${answer.status} with something other than JSON`, answer.status, {
      hint: call.errorHint,
      cause: err,
    });
  }
}

/** The error for an answer with a status that is not the one wanted; its message quotes the answer's own. */
export function statusError(call: HttpCall, answer: HttpAnswer): ServiceHttpError {
  return new ServiceHttpError(call.service, shownUrl(call.baseUrl), 'status', `HTTP ${answer.status}${said(answer.text)}`, answer.status, {
    hint: call.errorHint,
  });
}

/** `: <what the answer says>`, from a JSON message or error field or the text, on one short line. */
function said(text: string): string {
  let words = text;
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown; description?: unknown };
    const field = json.message ?? json.error ?? json.description;
    if (typeof field === 'string') words = field;
  } catch {
    // not JSON: the text itself
  }
  const line = words.replace(/\s+/g, ' ').trim();
  return line ? `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}` : '';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

// What every virtual user sends: one HTTP request, built once as the bytes that go on the wire.
import { URL } from 'node:url';

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

/** What a connection needs to send the request, worked out once for the whole run. */
export interface WireRequest {
  host: string;
  port: number;
  secure: boolean;
  bytes: Buffer;
  /** Answers to HEAD have no body. */
  head: boolean;
  timeoutMs: number;
}

export function wireRequest(t: RequestTarget): WireRequest {
  const u = new URL(t.origin);
  const secure = u.protocol === 'https:';
  // URL keeps IPv6 literals in brackets; net.connect wants them bare.
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: Number(u.port) || (secure ? 443 : 80), secure, bytes: requestBytes(t), head: t.method === 'HEAD', timeoutMs: t.timeoutMs };
}

/** The request as autocannon writes it (Host, keep-alive, the body as application/json). */
export function requestBytes(t: RequestTarget): Buffer {
  const u = new URL(targetUrl(t));
  const body = t.body ? Buffer.from(t.body) : undefined;
  const lines = [`${t.method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, 'Connection: keep-alive'];
  const headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}), ...t.headers };
  if (body) headers['Content-Length'] = String(body.length);
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return body ? Buffer.concat([head, body]) : head;
}

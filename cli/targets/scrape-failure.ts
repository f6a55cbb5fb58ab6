// Why Prometheus could not scrape a target, in words and with what to change: from its own
// lastError (it scraped from inside the lab's network) and, for a service on this machine, from
// whether this machine itself reaches it (a service listening on 127.0.0.1 only is the usual cause).
import type { ErrorCode } from '../error-codes.js';
import { HOST_GATEWAY, type ScrapeEndpoint } from './target-address.js';

export interface ScrapeFailure {
  code: Extract<ErrorCode, 'O11Y_TARGET_UNREACHABLE' | 'O11Y_TARGET_NOT_METRICS'>;
  message: string;
  hint: string;
}

/** What this machine got from the same URL: no answer, or an answer's status and body. */
export type HostAnswer = { reached: false } | { reached: true; status: number; notMetrics?: string };

export function explainScrapeFailure(lastError: string, url: URL, at: ScrapeEndpoint, host?: HostAnswer, engine: { rootless?: boolean } = {}): ScrapeFailure {
  const shown = `${url.origin}${url.pathname}`;
  const unreachable = (why: string, hint: string): ScrapeFailure => ({
    code: 'O11Y_TARGET_UNREACHABLE',
    message: `Prometheus could not scrape ${shown}: ${why}.`,
    hint,
  });
  const port = at.address.slice(at.address.lastIndexOf(':') + 1);
  // Go's client error starts with the request ("Get \"http://…\": "): the URL is said already.
  const said = lastError.replace(/^Get "[^"]*": /, '').trim();
  const status = /server returned HTTP status (\d{3})\s*([^"]*)/i.exec(lastError);
  if (status) {
    const code = Number(status[1]);
    if (code === 401 || code === 403)
      return unreachable(
        `it asks for a login (HTTP ${code})`,
        'Targets behind a login are not supported yet; expose the metrics without one on a port only the lab reaches.',
      );
    if (code === 404)
      return unreachable(
        `nothing at ${url.pathname} (HTTP 404)`,
        'Check the path: often /metrics (Spring Boot: /actuator/prometheus); give the base URL and --metrics-path.',
      );
    return unreachable(`it answered HTTP ${code} ${status[2].trim()}`.trim(), `See the service's own logs for why it answers ${code} to GET ${url.pathname}.`);
  }
  if (/start token|unexpected|invalid|parse|expected/i.test(lastError) && !/dial|connect/i.test(lastError)) {
    const why = host?.reached && host.notMetrics ? host.notMetrics : `Prometheus could not read it (${said})`;
    return {
      code: 'O11Y_TARGET_NOT_METRICS',
      message: `${shown} answers, but not with Prometheus metrics: ${why}.`,
      hint: 'Point the URL at the metrics endpoint (often /metrics; Spring Boot: /actuator/prometheus), or give the base URL and --metrics-path.',
    };
  }
  if (/connection refused/i.test(lastError)) {
    // Rootless Docker's host-gateway is rootlesskit's own gateway, not this machine's loopback.
    if (at.onThisMachine && engine.rootless)
      return unreachable(
        "the lab's containers cannot reach this machine's ports through host.docker.internal on rootless Docker",
        "Give this machine's LAN address in the URL instead of localhost (the service listening on it), then add it again.",
      );
    if (at.onThisMachine && host?.reached)
      return unreachable(
        `it answers on this machine, but not from the lab's containers (they reach this machine as ${HOST_GATEWAY})`,
        `It listens on 127.0.0.1 only, which containers cannot reach: make it listen on 0.0.0.0 (e.g. \`--host 0.0.0.0\`, HOST=0.0.0.0, server.address=0.0.0.0), then add it again.`,
      );
    if (at.onThisMachine)
      return unreachable(`nothing listens on port ${port} of this machine`, 'Start your service first (and check the port), then add it again.');
    return unreachable(
      `connection refused at ${at.address}`,
      'Is the service running, and is the port right? Something must listen there for the lab to reach.',
    );
  }
  if (/no such host|server misbehaving|lookup /i.test(lastError))
    return unreachable(
      `the lab's network cannot resolve the host ${url.hostname}`,
      "Check the host name. A container of your own: give its published port on this machine (http://localhost:PORT/metrics), or put it on the lab's network.",
    );
  if (/deadline exceeded|timeout|timed out/i.test(lastError)) {
    const hint =
      at.onThisMachine && host?.reached
        ? "It answers on this machine but not from containers in time: a firewall (ufw, firewalld) likely drops the lab's traffic to this machine; allow the Docker network to reach this port."
        : 'Check that the host and port are right and that nothing between the lab and it drops the traffic.';
    return unreachable('no answer in time', hint);
  }
  if (/x509|certificate|tls|handshake/i.test(lastError))
    return unreachable(
      `TLS refused (${said})`,
      "The lab checks certificates: give a certificate from an authority the lab's Prometheus trusts, or scrape it over http on a private port.",
    );
  return unreachable(said || 'it is down', 'See `o11y logs prometheus`; fix the cause and add it again.');
}

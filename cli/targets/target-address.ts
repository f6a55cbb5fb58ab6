// A target's name and metrics URL, checked before anything is written, and the address
// Prometheus scrapes it at from inside the lab's network: there `localhost` is Prometheus' own
// container (prometheus/prometheus#6293), so this machine is reached through the host gateway.
import { UserError } from '../errors.js';

/** This machine as the lab's containers reach it (Docker's `host-gateway`; native on Docker Desktop). */
export const HOST_GATEWAY = 'host.docker.internal';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** Where and how Prometheus scrapes a target (the fields of its scrape job). */
export interface ScrapeEndpoint {
  scheme: 'http' | 'https';
  /** host:port as Prometheus connects to it. */
  address: string;
  metricsPath: string;
  /** Query parameters of the metrics URL (Prometheus' `params`). */
  params: Record<string, string[]>;
  /** The URL named this machine: reached through HOST_GATEWAY. */
  onThisMachine: boolean;
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** A target name must be a plain lowercase name and not one the lab uses for its own jobs or services. */
export function checkTargetName(name: string, taken: { lab: readonly string[]; targets: readonly string[] }): void {
  const invalid = (why: string, hint: string) => {
    throw new UserError(`Target name "${name}" ${why}.`, { code: 'O11Y_TARGET_INVALID', hint });
  };
  if (!NAME.test(name))
    invalid('is not a plain name', 'Use lowercase letters, digits and "-", starting with a letter (at most 40), e.g. `shop` or `orders-api`.');
  if (taken.lab.includes(name)) invalid("is one of the lab's own services", `Pick another name; the lab uses ${taken.lab.join(', ')}.`);
  if (taken.targets.includes(name)) invalid('is taken by another target', `\`o11y target ls\` lists them; \`o11y target rm ${name}\` first to replace it.`);
}

/**
 * The metrics URL a user typed, checked: http or https, a host, a port in range, no credentials
 * (o11y.yaml is committable). A URL without a path (or `/`) means `/metrics`, the usual path;
 * `metricsPath` replaces the path when the URL is the service's base.
 */
export function metricsUrl(raw: string, metricsPath?: string): URL {
  const invalid = (why: string, hint = 'Give the full metrics URL, e.g. http://localhost:3000/metrics.') => {
    throw new UserError(`"${raw}" ${why}.`, { code: 'O11Y_TARGET_INVALID', hint });
  };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) invalid('has no scheme', 'Start it with http:// or https://, e.g. http://localhost:3000/metrics.');
  const port = /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)/i.exec(raw)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) invalid(`has port ${port}, out of range`, 'A port is 1 to 65535.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid(`is ${url.protocol.slice(0, -1)}, not http or https`);
  if (!url.hostname) invalid('has no host');
  if (url.username || url.password)
    invalid('holds a login', 'o11y.yaml is meant to be committed, so a login does not go in it; targets behind a login are not supported yet.');
  if (url.hash) invalid('has a #fragment, which a scrape cannot send');
  if (metricsPath !== undefined) {
    if (!metricsPath.startsWith('/')) invalid(`--metrics-path ${metricsPath} does not start with /`, 'For example --metrics-path /actuator/prometheus.');
    url.pathname = metricsPath;
  } else if (url.pathname === '/') url.pathname = '/metrics';
  return url;
}

/** Where Prometheus, in its container on the lab's network, scrapes this URL. */
export function scrapeEndpoint(url: URL): ScrapeEndpoint {
  const onThisMachine = LOCAL_HOSTS.has(url.hostname);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const params: Record<string, string[]> = {};
  for (const k of new Set(url.searchParams.keys())) params[k] = url.searchParams.getAll(k);
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    address: `${onThisMachine ? HOST_GATEWAY : url.hostname}:${port}`,
    metricsPath: url.pathname,
    params,
    onThisMachine,
  };
}

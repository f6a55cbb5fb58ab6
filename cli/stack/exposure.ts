// Whether the lab is exposed (published on an address other machines may reach) and the logins
// that guard it then: Prometheus and Alertmanager behind basic auth, Grafana's viewer for a class.
import type { Secrets } from '../config/secrets.js';
import { localHost } from './host-url.js';

/** The user Prometheus' and Alertmanager's web config accept (password: secrets.webPassword). */
export const WEB_USER = 'o11y';
/** Grafana's read-only account for a class (password: secrets.grafanaViewerPassword). */
export const GRAFANA_VIEWER = 'viewer';

/**
 * Any bind address but the loopback's own (127.0.0.1, ::1) counts as exposed: 0.0.0.0, a LAN
 * address, and a loopback alias such as 127.0.0.2 too (the safe side; the tests stand in for a
 * network address with one, and never touch this machine's real ones).
 */
export function isExposed(bindAddress: string): boolean {
  const address = bindAddress.replace(/^\[(.*)\]$/, '$1');
  return address !== '127.0.0.1' && address !== '::1';
}

/** The loopback of the bind address' family: where a service kept off the network is published. */
export function loopbackOf(bindAddress: string): string {
  return localHost(bindAddress).includes(':') ? '::1' : '127.0.0.1';
}

/** Whether an address a port is published on is reachable from other machines (or stands in for one). */
export function reachableFromOthers(hostIp: string): boolean {
  // Docker shows a bind on every interface as 0.0.0.0 (or '' in older engines).
  return isExposed(hostIp || '0.0.0.0');
}

export interface Login {
  user: string;
  password: string;
}

/** The web login our CLI sends to Prometheus and Alertmanager; undefined without the secret (nothing to send). */
export function webLogin(secrets: Partial<Secrets>): Login | undefined {
  return secrets.webPassword ? { user: WEB_USER, password: secrets.webPassword } : undefined;
}

/**
 * A base URL carrying the login as userinfo: node:http turns it into a basic auth header, and
 * every message of lab-http shows the URL without it (shownUrl). Never print the result.
 */
export function withLogin(url: string, login: Login | undefined): string {
  if (!login) return url;
  const u = new URL(url);
  u.username = login.user;
  u.password = login.password;
  const out = u.toString();
  // URL adds a slash to a bare origin; callers append paths to what they gave.
  return out.endsWith('/') && !url.endsWith('/') ? out.slice(0, -1) : out;
}

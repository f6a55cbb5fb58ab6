// What an exposed lab lets other machines reach, and with which login: the short table `up
// --expose` and `status` print. Where a password is, never the password.
import { isServiceName, serviceModule, type ServiceName } from '../services/index.js';
import { GRAFANA_VIEWER, reachableFromOthers, WEB_USER } from '../stack/exposure.js';
import { urlHost } from '../stack/host-url.js';
import { style, table } from '../output.js';

/** One service's published port, as the stack publishes it or the engine reports it. */
export interface PublishedService {
  service: ServiceName;
  hostIp: string;
  port: number;
  /** It runs with its web config (the login on): Prometheus and Alertmanager. */
  webConfig: boolean;
}

export interface Exposure {
  /** [service, address, login] of what other machines can reach. */
  rows: string[][];
  /** Services published on this machine's loopback only. */
  localOnly: ServiceName[];
  /** Services that should ask for a login and do not (an older lab, a hand-edited config). */
  unguarded: ServiceName[];
}

function address(hostIp: string, port: number): string {
  // A bind on every interface: any address of this machine.
  if (hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '') return `any address of this machine, port ${port}`;
  return `http://${urlHost(hostIp)}:${port}`;
}

function login(p: PublishedService, secretsFile: string): string {
  const how = isServiceName(p.service) ? serviceModule(p.service).whenExposed : 'public';
  if (how === 'web-login') return p.webConfig ? `${WEB_USER}, password: webPassword in ${secretsFile}` : 'NONE: anyone can use its API';
  if (how === 'own-login') return `admin (grafanaPassword); for the class: ${GRAFANA_VIEWER}, read-only (grafanaViewerPassword); both in ${secretsFile}`;
  if (how === 'loopback') return 'its own, if any (published because exposeAlso lists it)';
  return p.service === 'app' ? 'none: its API is public; /chaos needs the chaos token' : 'none';
}

/** undefined when nothing is reachable from other machines (the lab is not exposed). */
export function exposure(published: PublishedService[], secretsFile: string): Exposure | undefined {
  const reachable = published.filter((p) => reachableFromOthers(p.hostIp));
  if (reachable.length === 0) return undefined;
  return {
    rows: reachable.map((p) => [p.service, address(p.hostIp, p.port), login(p, secretsFile)]),
    localOnly: published.filter((p) => !reachableFromOthers(p.hostIp)).map((p) => p.service),
    unguarded: reachable.filter((p) => isServiceName(p.service) && serviceModule(p.service).whenExposed === 'web-login' && !p.webConfig).map((p) => p.service),
  };
}

/** The table and its notes, as `up` and `status` print them. */
export function formatExposure(e: Exposure): string {
  const lines = ['Reachable from other machines:', table(['SERVICE', 'ADDRESS', 'LOGIN'], e.rows)];
  if (e.localOnly.length) lines.push(`On this machine only: ${e.localOnly.join(', ')} (o11y.yaml's exposeAlso publishes one anyway).`);
  for (const s of e.unguarded)
    lines.push(`${style.red('✖')} ${s} asks for no login: anyone who reaches it can use its API. \`o11y up\` (again) turns the login on.`);
  return lines.join('\n');
}

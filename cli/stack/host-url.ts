// The addresses a user opens, derived from the config's ports and bind address.
import type { LabConfig, ServiceName } from '../config/schema.js';
import { POSTGRES_DB, POSTGRES_USER } from '../lab/build-stack.js';

export interface ServiceUrl {
  service: ServiceName;
  label: string;
  url: string;
}

export type PortKey = keyof LabConfig['ports'];

/**
 * Host to reach a published port from this machine, without brackets: a wildcard bind
 * (0.0.0.0, ::) is not an address to connect to, so it becomes the loopback of its family.
 */
export function localHost(bindAddress: string): string {
  const address = bindAddress.replace(/^\[(.*)\]$/, '$1');
  if (address === '0.0.0.0' || address === '') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
}

/** The host part of a URL: IPv6 addresses in brackets. */
export function urlHost(bindAddress: string): string {
  const host = localHost(bindAddress);
  return host.includes(':') ? `[${host}]` : host;
}

/** http URL of one of the lab's published ports, as a client on this machine reaches it. */
export function labUrl(config: LabConfig, port: PortKey, urlPath = ''): string {
  return `http://${urlHost(config.bindAddress)}:${config.ports[port]}${urlPath}`;
}

export function serviceUrls(config: LabConfig, services: ServiceName[]): ServiceUrl[] {
  const http = (port: PortKey, p = '') => labUrl(config, port, p);
  const all: ServiceUrl[] = [
    { service: 'app', label: 'API', url: http('app', '/students/') },
    { service: 'app', label: 'API docs', url: http('app', '/docs') },
    { service: 'prometheus', label: 'Prometheus', url: http('prometheus') },
    { service: 'alertmanager', label: 'Alertmanager', url: http('alertmanager') },
    { service: 'grafana', label: 'Grafana', url: http('grafana') },
    {
      service: 'postgres',
      label: 'PostgreSQL',
      url: `postgres://${POSTGRES_USER}@${urlHost(config.bindAddress)}:${config.ports.postgres}/${POSTGRES_DB}`,
    },
    { service: 'postgres-exporter', label: 'postgres-exporter', url: http('postgresExporter', '/metrics') },
    { service: 'cadvisor', label: 'cAdvisor', url: http('cadvisor') },
  ];
  return all.filter((u) => services.includes(u.service));
}

/** The main URL per service, for the status table. */
export function primaryUrl(config: LabConfig, service: ServiceName): string | undefined {
  return serviceUrls(config, [service])[0]?.url;
}

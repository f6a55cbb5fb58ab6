// The addresses a user opens, derived from the config's ports and bind address.
import type { LabConfig, ServiceName } from '../config/schema.js';
import { POSTGRES_DB, POSTGRES_USER } from './build-stack.js';

export interface ServiceUrl {
  service: ServiceName;
  label: string;
  url: string;
}

/** Host to reach a published port from this machine (0.0.0.0 is not an address to browse to). */
export function localHost(bindAddress: string): string {
  return bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
}

export function serviceUrls(config: LabConfig, services: ServiceName[]): ServiceUrl[] {
  const host = localHost(config.bindAddress);
  const http = (port: number, p = '') => `http://${host}:${port}${p}`;
  const all: ServiceUrl[] = [
    { service: 'app', label: 'API', url: http(config.ports.app, '/students/') },
    { service: 'app', label: 'API docs', url: http(config.ports.app, '/docs') },
    { service: 'prometheus', label: 'Prometheus', url: http(config.ports.prometheus) },
    { service: 'alertmanager', label: 'Alertmanager', url: http(config.ports.alertmanager) },
    { service: 'grafana', label: 'Grafana', url: http(config.ports.grafana) },
    { service: 'postgres', label: 'PostgreSQL', url: `postgres://${POSTGRES_USER}@${host}:${config.ports.postgres}/${POSTGRES_DB}` },
    { service: 'postgres-exporter', label: 'postgres-exporter', url: http(config.ports.postgresExporter, '/metrics') },
    { service: 'cadvisor', label: 'cAdvisor', url: http(config.ports.cadvisor) },
  ];
  return all.filter((u) => services.includes(u.service));
}

/** The main URL per service, for the status table. */
export function primaryUrl(config: LabConfig, service: ServiceName): string | undefined {
  return serviceUrls(config, [service])[0]?.url;
}

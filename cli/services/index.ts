// The registry: every service of the lab, in start-up order of preference. Adding a service is
// one module beside this file and one line here; everything else iterates over this list.
import { LAB_DEFAULTS, type LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { type HostAccess, hostAccess } from '../stack/file-access.js';
import { alertmanager } from './alertmanager.js';
import { app } from './app.js';
import { cadvisor } from './cadvisor.js';
import { grafana } from './grafana.js';
import { nodeExporter } from './node-exporter.js';
import { postgres } from './postgres.js';
import { postgresExporter } from './postgres-exporter.js';
import { prometheus } from './prometheus.js';
import type { RenderContext, ServiceContext, ServiceModule } from './service.js';

export const SERVICES: readonly ServiceModule[] = [postgres, app, postgresExporter, alertmanager, prometheus, grafana, cadvisor, nodeExporter];

export type ServiceName = string;
export const SERVICE_NAMES: readonly string[] = SERVICES.map((s) => s.name);

/** Names a target of the user's may not take: the lab's services and its own scrape jobs. */
export const LAB_NAMES: readonly string[] = [...new Set([...SERVICE_NAMES, ...SERVICES.flatMap((s) => (s.scrape ?? []).map((j) => j.job))])];

export function isServiceName(name: string): boolean {
  return SERVICE_NAMES.includes(name);
}

export function serviceModule(name: string): ServiceModule {
  const found = SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`no service named "${name}" (${SERVICE_NAMES.join(', ')})`);
  return found;
}

/** Whether o11y.yaml switches this service on (services that are not optional always are). */
export function isEnabled(config: LabConfig, service: ServiceModule): boolean {
  return service.optional ? (config.enabled[service.optional.key] ?? service.optional.default) : true;
}

export function enabledServices(config: LabConfig): ServiceModule[] {
  return SERVICES.filter((s) => isEnabled(config, s));
}

/** host:port of a service as other containers on the lab's network reach it (its name is its DNS name). */
export function addressOf(service: string): string {
  return `${service}:${serviceModule(service).port.container}`;
}

/** The published host port of a service, from o11y.yaml. */
export function hostPort(config: LabConfig, service: ServiceModule): number {
  return config.ports[service.port.key];
}

/** `host` defaults to this process on a rootful engine; `up` and `render` pass what the engine says. */
export function serviceContext(config: LabConfig, host: HostAccess = hostAccess()): ServiceContext {
  return { config, addressOf, host };
}

export function renderContext(config: LabConfig, secrets: Partial<Secrets>, host: HostAccess = hostAccess()): RenderContext {
  return { config, addressOf, host, secrets, services: enabledServices(config) };
}

/** The pinned default image of every service. */
export const DEFAULT_IMAGES: Readonly<Record<string, string>> = Object.fromEntries(SERVICES.map((s) => [s.name, s.image.default]));

/** The lab's defaults: the lab-wide ones, and each service's port and on/off switch. */
export const DEFAULT_CONFIG: LabConfig = {
  ...structuredClone(LAB_DEFAULTS),
  ports: Object.fromEntries(SERVICES.map((s) => [s.port.key, s.port.default])),
  images: {},
  enabled: Object.fromEntries(SERVICES.flatMap((s) => (s.optional ? [[s.optional.key, s.optional.default]] : []))),
};

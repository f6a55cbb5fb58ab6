// The addresses a user opens, per service (what `up` prints and `status` shows).
import type { LabConfig } from '../config/schema.js';
import { hostPort, SERVICES, type ServiceName } from '../services/index.js';
import { urlHost } from '../stack/host-url.js';
import { publishedOn } from './build-stack.js';

export interface ServiceUrl {
  service: ServiceName;
  label: string;
  url: string;
}

/** Every link of the given services, in registry order. */
export function serviceUrls(config: LabConfig, services: readonly ServiceName[]): ServiceUrl[] {
  // Each on the address it is published on: an exposed lab keeps PostgreSQL and the exporters on the loopback.
  return SERVICES.filter((s) => services.includes(s.name)).flatMap((s) =>
    s.links.map((link) => ({ service: s.name, label: link.label, url: link.url(urlHost(publishedOn(config, s)), hostPort(config, s)) })),
  );
}

/** The main URL of a service, for the status table. */
export function primaryUrl(config: LabConfig, service: ServiceName): string | undefined {
  const s = SERVICES.find((x) => x.name === service);
  return s?.links[0]?.url(urlHost(publishedOn(config, s)), hostPort(config, s));
}

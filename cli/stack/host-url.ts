// How a client on this machine reaches the lab's published ports, from the bind address.
import type { LabConfig } from '../config/schema.js';

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

/** http URL of the port published as ports.<portKey>, as a client on this machine reaches it. */
export function labUrl(config: LabConfig, portKey: string, urlPath = ''): string {
  return `http://${urlHost(config.bindAddress)}:${config.ports[portKey]}${urlPath}`;
}

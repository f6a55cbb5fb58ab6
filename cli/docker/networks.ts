// The project's bridge network: found by name and label, created once.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';

export async function ensureNetwork(name: string, labels: Record<string, string>, docker: Docker = dockerClient()): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [name] } });
  if (existing.some((n) => n.Name === name)) return;
  // Docker 20.10 allows duplicate names unless asked not to.
  await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
}

export async function removeNetworks(labelFilters: string[], docker: Docker = dockerClient()): Promise<string[]> {
  const nets = await docker.listNetworks({ filters: { label: labelFilters } });
  for (const n of nets) await docker.getNetwork(n.Id).remove();
  return nets.map((n) => n.Name);
}

export async function listNetworks(labelFilters: string[], docker: Docker = dockerClient()): Promise<string[]> {
  return (await docker.listNetworks({ filters: { label: labelFilters } })).map((n) => n.Name);
}

export async function networkExists(name: string, docker: Docker = dockerClient()): Promise<boolean> {
  return (await docker.listNetworks({ filters: { name: [name] } })).some((n) => n.Name === name);
}

/** The default bridge's gateway (docker0): where `host-gateway` points by default; undefined when there is none. */
export async function defaultBridgeGateway(docker: Docker = dockerClient()): Promise<string | undefined> {
  try {
    const info = (await docker.getNetwork('bridge').inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string }> } };
    // host-gateway is docker0's IPv4 address unless the daemon is told otherwise.
    return info.IPAM?.Config?.find((c) => c.Gateway && !c.Gateway.includes(':'))?.Gateway;
  } catch {
    return undefined;
  }
}

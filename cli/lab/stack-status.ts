// `o11y status`: what runs, whether it is healthy, how busy, and what Prometheus scrapes.
import { fetchTargets, type ScrapeTarget } from '../clients/prometheus-api.js';
import type Docker from 'dockerode';
import type { LabConfig } from '../config/schema.js';
import { readSecrets } from '../config/secrets.js';
import { webLogin, withLogin } from '../stack/exposure.js';
import { ensureDockerReachable } from '../docker/client.js';
import { containerStats } from '../docker/container-stats.js';
import { inspectContainer, listContainers } from '../docker/containers.js';
import { LABEL } from '../stack/labels.js';
import { readLeftOut } from './left-out.js';
import { enabledServices, hostPort, isServiceName, serviceModule, type ServiceName } from '../services/index.js';
import { labUrl, localHost } from '../stack/host-url.js';
import { publishedOn } from './build-stack.js';
import { portAnswers } from './check-ports.js';
import { primaryUrl } from './service-urls.js';

export interface ServiceStatus {
  service: ServiceName;
  state: string;
  health: string;
  startedAt?: string;
  uptimeSeconds?: number;
  cpuPercent?: number;
  memoryBytes?: number;
  url?: string;
  image?: string;
  /** Why the last `o11y up` left this service out (state "left-out"). */
  reason?: string;
  /** False when it runs but its published port does not answer from this machine (Docker's port forwarding is gone). */
  reachable?: boolean;
  /** Where its container publishes its port (the engine's word, whatever o11y.yaml says now). */
  published?: PublishedPort[];
  /** It runs with a web config file (--web.config.file): its login is on. */
  webConfig?: boolean;
}

export type TargetStatus = ScrapeTarget;

export interface PublishedPort {
  hostIp: string;
  port: number;
}

export interface StackStatus {
  project: string;
  services: ServiceStatus[];
  /** undefined when Prometheus does not run or does not answer. */
  targets?: TargetStatus[];
  /** Why Prometheus runs but gave no targets. */
  targetsError?: string;
}

/** Stopped, exited or failed: not merely never created (`missing`) or left out by the last `up`. */
export function stoppedOrFailed(s: ServiceStatus): boolean {
  return s.state !== 'running' && s.state !== 'missing' && s.state !== 'left-out';
}

/** Runs, but cannot be reached on its published port from this machine. */
export function unreachable(s: ServiceStatus): boolean {
  return s.state === 'running' && s.reachable === false;
}

/** True when no service of the lab has a running container. */
export function labStopped(st: StackStatus): boolean {
  return !st.services.some((s) => s.state === 'running');
}

export async function stackStatus(config: LabConfig, stateDir: string): Promise<StackStatus> {
  await ensureDockerReachable();
  const leftOut = new Map(readLeftOut(stateDir).map((l) => [l.service, l.reason]));
  const containers = await listContainers([`${LABEL.project}=${config.project}`]);
  // Only our services: a container that merely carries the project label is not one.
  const byService = new Map(containers.filter((c) => c.Labels[LABEL.service]).map((c) => [c.Labels[LABEL.service] as ServiceName, c]));
  const names = [...new Set([...enabledServices(config).map((s) => s.name), ...byService.keys()])];
  const services = await Promise.all(
    names.map(async (service): Promise<ServiceStatus> => {
      const c = byService.get(service);
      if (!c) {
        const reason = leftOut.get(service);
        return reason ? { service, state: 'left-out', health: '-', reason } : { service, state: 'missing', health: '-' };
      }
      const info = await inspectContainer(c.Id);
      const running = info.State.Running;
      const published = publishedPorts(info);
      const stats = running ? await containerStats(c.Id) : undefined;
      const started = running ? Date.parse(info.State.StartedAt) : NaN;
      return {
        service,
        state: info.State.Status,
        health: info.State.Health?.Status ?? 'none',
        ...(running ? { startedAt: info.State.StartedAt, uptimeSeconds: Math.max(0, Math.round((Date.now() - started) / 1000)) } : {}),
        ...(stats ? { cpuPercent: Math.round(stats.cpuPercent * 10) / 10, memoryBytes: stats.memoryBytes } : {}),
        url: running ? primaryUrl(config, service) : undefined,
        ...(running && isServiceName(service) ? { reachable: await publishedAnswers(config, service, published) } : {}),
        image: c.Image,
        published,
        webConfig: (info.Args ?? []).some((a) => a.startsWith('--web.config.file')),
      };
    }),
  );
  const prometheusRunning = services.some((s) => s.service === 'prometheus' && s.state === 'running');
  const st: StackStatus = { project: config.project, services };
  return prometheusRunning ? { ...st, ...(await scrapeTargets(config, stateDir)) } : st;
}

/** The host addresses and ports a container publishes. */
function publishedPorts(info: Docker.ContainerInspectInfo): PublishedPort[] {
  const bindings = (info.HostConfig.PortBindings ?? {}) as Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>;
  return Object.values(bindings).flatMap((list) => (list ?? []).map((b) => ({ hostIp: b.HostIp || '0.0.0.0', port: Number(b.HostPort) })));
}

/** Its port answers from this machine: where the container publishes it (o11y.yaml's address when it publishes none). */
async function publishedAnswers(config: LabConfig, service: ServiceName, published: PublishedPort[]): Promise<boolean> {
  const p = published[0];
  if (p) return portAnswers(localHost(p.hostIp), p.port);
  const s = serviceModule(service);
  return portAnswers(localHost(publishedOn(config, s)), hostPort(config, s));
}

async function scrapeTargets(config: LabConfig, stateDir: string): Promise<Pick<StackStatus, 'targets' | 'targetsError'>> {
  try {
    return { targets: await fetchTargets(withLogin(labUrl(config, 'prometheus'), webLogin(readSecrets(stateDir))), 3000) };
  } catch (err) {
    return { targetsError: (err as Error).message };
  }
}

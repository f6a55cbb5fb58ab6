// One stats sample per container, computed the way `docker stats` shows it.
import type Docker from 'dockerode';
import { dockerClient } from './client.js';

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
}

export async function containerStats(id: string, docker: Docker = dockerClient()): Promise<ContainerStats | undefined> {
  try {
    // stream: false answers once (the types claim a stream regardless).
    const s = (await docker.getContainer(id).stats({ stream: false })) as unknown as Docker.ContainerStats;
    const cpuDelta = s.cpu_stats.cpu_usage.total_usage - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
    const sysDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
    const cpus = s.cpu_stats.online_cpus || s.cpu_stats.cpu_usage.percpu_usage?.length || 1;
    const cpuPercent = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * cpus * 100 : 0;
    const stats = (s.memory_stats?.stats ?? {}) as Record<string, number>;
    const inactive = stats.inactive_file ?? stats.total_inactive_file ?? 0;
    return { cpuPercent, memoryBytes: Math.max(0, (s.memory_stats?.usage ?? 0) - inactive) };
  } catch {
    return undefined;
  }
}

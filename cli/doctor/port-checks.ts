// Doctor's host-port check: every port the lab publishes must be free, or held by the lab itself.
import type { LabConfig } from '../config/schema.js';
import { listContainers } from '../docker/containers.js';
import { enabledServices, hostPort } from '../services/index.js';
import { portFree } from '../lab/check-ports.js';
import { LABEL } from '../stack/labels.js';
import { type CheckResult, fail, ok } from './check.js';

/** The port key and published port of every service switched on. */
function wantedPorts(config: LabConfig): Array<{ key: string; port: number }> {
  return enabledServices(config).map((s) => ({ key: s.port.key, port: hostPort(config, s) }));
}

export async function checkPorts(config: LabConfig, daemonReachable: boolean): Promise<CheckResult> {
  const title = 'Host ports free';
  const ours = daemonReachable ? await portsHeldByLab(config.project) : new Map<number, string>();
  const taken: string[] = [];
  const held: string[] = [];
  for (const { key, port } of wantedPorts(config)) {
    let free: boolean;
    try {
      free = await portFree(config.bindAddress, port);
    } catch (err) {
      return fail('ports', title, (err as Error).message, 'Check bindAddress and ports.* in o11y.yaml.');
    }
    if (free) continue;
    if (ours.has(port)) held.push(`${port} (${ours.get(port)})`);
    else taken.push(`${port} (ports.${key})`);
  }
  if (taken.length) {
    return fail(
      'ports',
      title,
      `in use on ${config.bindAddress}: ${taken.join(', ')}`,
      'Stop what holds them, or set the named keys in o11y.yaml to free ports.',
    );
  }
  const all = wantedPorts(config)
    .map((p) => p.port)
    .join(', ');
  return ok('ports', title, held.length ? `${all}; the running lab holds ${held.join(', ')}` : `${all} free on ${config.bindAddress}`);
}

async function portsHeldByLab(project: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const c of await listContainers([`${LABEL.project}=${project}`]).catch(() => [])) {
    for (const p of c.Ports ?? []) if (p.PublicPort) out.set(p.PublicPort, c.Labels?.[LABEL.service] ?? c.Names?.[0] ?? c.Id.slice(0, 12));
  }
  return out;
}

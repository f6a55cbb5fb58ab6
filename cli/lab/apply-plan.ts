// Applies an `up` plan to the Docker engine: network and volumes, orphans removed, then each
// start step's containers created or started and waited for (healthy, and answering on their
// published ports), reporting as it goes. Every step is safe to interrupt.
import path from 'node:path';
import type { ServiceName } from '../services/index.js';
import { copyFilesIn, createContainer, removeContainer, restartContainer, startContainer } from '../docker/containers.js';
import { ensureNetwork } from '../docker/networks.js';
import { ensureVolume } from '../docker/volumes.js';
import { ContainerNotReadyError, waitForHealthy } from '../docker/wait-for-healthy.js';
import { UserError } from '../errors.js';
import { readSecrets } from '../config/secrets.js';
import { webLogin } from '../stack/exposure.js';
import { localHost } from '../stack/host-url.js';
import { LABEL } from '../stack/labels.js';
import type { ServiceSpec } from '../stack/model.js';
import { ensurePortsFree, portAnswers } from './check-ports.js';
import { recordLoadedFiles } from './loaded-files.js';
import { reloadService } from './reload-service.js';
import type { ContainerPlan } from './container-spec.js';
import type { DesiredLab } from './desired-lab.js';
import type { ObservedLab, ServiceAction, UpPlan } from './up-plan.js';

export interface ApplyReporter {
  action(service: ServiceName, action: ServiceAction, why?: string): void;
  ready(service: ServiceName, ms: number): void;
  removedOrphan(service: string): void;
}

export interface ApplyOptions {
  reporter: ApplyReporter;
  readyTimeoutMs?: number;
}

export type UpActions = Partial<Record<ServiceName, ServiceAction>>;

export async function applyPlan(plan: UpPlan, desired: DesiredLab, observed: ObservedLab, opts: ApplyOptions): Promise<UpActions> {
  const { stack } = desired;
  const byName = new Map(desired.services.map((p) => [p.service.name, p]));
  // Checked again here, just before anything is removed: the pulls took time.
  await ensurePortsFree(
    plan.ports
      .filter((p) => p.check !== 'reused')
      .map((p) => ({ service: p.service, port: byName.get(p.service)!.service.ports.find((x) => x.host === p.port)! })),
  );
  const labels = { [LABEL.project]: stack.project, [LABEL.stateDir]: path.resolve(desired.stateDir), [LABEL.secretsId]: desired.secretsId };
  await ensureNetwork(stack.network, labels);
  for (const v of plan.volumes) await ensureVolume(v.name, labels);
  for (const o of plan.remove) {
    await removeContainer(o.container);
    opts.reporter.removedOrphan(o.service);
  }
  const existing = new Map(observed.containers.filter((c) => c.service).map((c) => [c.service!, c.id]));
  const actions: UpActions = {};
  const loaded: Record<string, string> = {};
  // The record keeps the containers this run leaves in place and those it made or reloaded.
  const replaced = new Set([
    ...plan.remove.map((r) => r.container),
    ...plan.services.filter((s) => s.action === 'recreate').flatMap((s) => existing.get(s.name) ?? []),
  ]);
  const keep = () => new Set([...observed.containers.map((c) => c.id).filter((id) => !replaced.has(id)), ...Object.keys(loaded)]);
  for (let step = 1; plan.services.some((s) => s.step === step); step++) {
    await Promise.all(
      plan.services
        .filter((s) => s.step === step)
        .map(async (s) => {
          opts.reporter.action(s.name, s.action, s.why);
          actions[s.name] = s.action;
          const started = Date.now();
          const wanted = byName.get(s.name)!;
          const id = await converge(wanted, s.action, existing.get(s.name));
          if ((await readyOrRestarted(wanted.service, id, opts)) === 'restart') actions[s.name] = 'restart';
          if (s.action === 'reload') await reloadService(wanted.service, id, webLogin(readSecrets(desired.stateDir)), opts.readyTimeoutMs);
          // Made, started or reloaded with these files: the next run reloads only when they change.
          // Recorded at once, so a later step failing does not cost a second reload. (One only
          // waited for still runs what it loaded before: its record stays.)
          if (wanted.service.reload && s.action !== 'wait') {
            loaded[id] = wanted.service.reload.filesHash;
            recordLoadedFiles(desired.stateDir, { [id]: loaded[id] }, keep());
          }
          if (actions[s.name] !== 'unchanged') opts.reporter.ready(s.name, Date.now() - started);
        }),
    );
  }
  recordLoadedFiles(desired.stateDir, {}, keep());
  return actions;
}

/** Makes the container match the plan; resolves to its id. */
async function converge(plan: ContainerPlan, action: ServiceAction, existing: string | undefined): Promise<string> {
  let id = existing;
  if (action === 'recreate' && id) await removeContainer(id);
  if (action === 'create' || action === 'recreate') id = (await createOrExplain(plan)).id;
  if (action === 'create' || action === 'recreate' || action === 'start') {
    // Again on start: a run killed between create and copy left a container without them.
    await copyFilesIn(id!, plan.secretFiles);
    await startOrExplain(id!, plan);
  }
  return id!;
}

/** Waits until healthy and answering on its published ports; restarts it once when they do not answer. */
async function readyOrRestarted(service: ServiceSpec, id: string, opts: ApplyOptions): Promise<'ready' | 'restart'> {
  await healthyOrExplain(id, service.name, opts.readyTimeoutMs);
  // Healthy inside is not enough: the user reaches it through the published port.
  if (await publishedPortsAnswer(service)) return 'ready';
  opts.reporter.action(service.name, 'restart', 'its published port did not answer from this machine');
  await restartContainer(id);
  await waitForHealthy(id, service.name, { timeoutMs: opts.readyTimeoutMs });
  if (!(await publishedPortsAnswer(service))) {
    const port = service.ports[0];
    throw new UserError(`${service.name} is healthy, but port ${port?.host} on ${port?.hostIp} does not answer from this machine, even after a restart.`, {
      code: 'O11Y_PORT_UNREACHABLE',
      hint: `Something between this machine and Docker drops it (a firewall, a VPN, Docker Desktop's port forwarding); \`o11y doctor\` checks the setup, or set ${port?.configKey} in o11y.yaml to another port.`,
    });
  }
  return 'restart';
}

async function healthyOrExplain(id: string, service: ServiceName, timeoutMs: number | undefined): Promise<void> {
  try {
    await waitForHealthy(id, service, { timeoutMs });
  } catch (err) {
    if (err instanceof ContainerNotReadyError) {
      const logs = err.logLines.length ? `\nLast log lines of ${service}:\n  ${err.logLines.join('\n  ')}` : '';
      throw new UserError(err.message + '.' + logs, {
        code: 'O11Y_SERVICE_UNHEALTHY',
        hint: `See all of it with \`o11y logs ${service}\`; fix the cause and run \`o11y up\` again.`,
      });
    }
    throw err;
  }
}

async function createOrExplain(plan: ContainerPlan) {
  try {
    return await createContainer(plan.options);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 409) {
      throw new UserError(`A container named ${plan.options.name} already exists but is not part of this lab's project.`, {
        code: 'O11Y_CONTAINER_NAME_TAKEN',
        hint: 'Remove or rename it (docker rm), or set another `project` in o11y.yaml.',
        cause: err,
      });
    }
    throw err;
  }
}

async function startOrExplain(id: string, plan: ContainerPlan): Promise<void> {
  try {
    await startContainer(id);
  } catch (err) {
    const msg = (err as Error).message ?? '';
    if (/port is already allocated|address already in use/i.test(msg)) {
      const p = plan.service.ports[0];
      throw new UserError(`Port ${p?.host} is already in use (${plan.service.name}).`, {
        code: 'O11Y_PORT_IN_USE',
        hint: `Stop what holds it, or set ${p?.configKey} in o11y.yaml to a free port.`,
        cause: err,
      });
    }
    throw err;
  }
}

async function publishedPortsAnswer(service: ServiceSpec): Promise<boolean> {
  const answers = await Promise.all(service.ports.map((p) => portAnswers(localHost(p.hostIp), p.host)));
  return answers.every(Boolean);
}

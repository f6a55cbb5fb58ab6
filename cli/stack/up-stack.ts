// `o11y up` as a reconcile: create what is missing, recreate what changed (config hash or
// image), start what is stopped, leave the rest; then wait for every service to be healthy,
// in dependency order. Every step is safe to interrupt: the next run picks up from there.
import path from 'node:path';
import type { ServiceName } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { ensureDockerReachable } from '../docker/client.js';
import { createContainer, listContainers, removeContainer, startContainer, type ContainerSummary } from '../docker/containers.js';
import { ensureNetwork } from '../docker/networks.js';
import { ensureVolume, listVolumesWithLabels } from '../docker/volumes.js';
import { ContainerNotReadyError, waitForHealthy } from '../docker/wait-for-healthy.js';
import { UserError } from '../errors.js';
import { startOrder } from './build-stack.js';
import { ensurePortsFree } from './check-ports.js';
import { containerPlan, type ContainerPlan } from './container-spec.js';
import { ensureImages, type PullPolicy, type PullReporter } from './ensure-images.js';
import { LABEL } from './labels.js';
import { volumeName, type ServiceSpec, type StackSpec } from './model.js';

export type ServiceAction = 'create' | 'recreate' | 'start' | 'unchanged';

export interface UpReporter extends PullReporter {
  action(service: ServiceName, action: ServiceAction, why?: string): void;
  ready(service: ServiceName, ms: number): void;
  removedOrphan(service: string): void;
}

export interface UpOptions {
  stateDir: string;
  secrets: Secrets;
  pull: PullPolicy;
  /** Only these services (and what they depend on); others are left alone. */
  services?: ServiceName[];
  reporter: UpReporter;
  readyTimeoutMs?: number;
}

export interface UpResult {
  actions: Partial<Record<ServiceName, ServiceAction>>;
}

function withDependencies(stack: StackSpec, names: ServiceName[]): ServiceSpec[] {
  const wanted = new Set<ServiceName>();
  const add = (n: ServiceName) => {
    const s = stack.services.find((x) => x.name === n);
    if (!s) throw new UserError(`Service "${n}" is not part of this stack (${stack.services.map((x) => x.name).join(', ')}).`);
    if (wanted.has(n)) return;
    wanted.add(n);
    s.dependsOn.forEach(add);
  };
  names.forEach(add);
  return stack.services.filter((s) => wanted.has(s.name));
}

function decide(plan: ContainerPlan, existing: ContainerSummary | undefined, currentImageId: string | undefined): { action: ServiceAction; why?: string } {
  if (!existing) return { action: 'create' };
  if (existing.Labels[LABEL.configHash] !== plan.hash) return { action: 'recreate', why: 'configuration changed' };
  if (currentImageId && existing.ImageID !== currentImageId) return { action: 'recreate', why: 'image changed' };
  if (existing.State !== 'running') return { action: 'start' };
  return { action: 'unchanged' };
}

export async function upStack(stack: StackSpec, opts: UpOptions): Promise<UpResult> {
  await ensureDockerReachable();
  const targets = opts.services?.length ? withDependencies(stack, opts.services) : stack.services;
  const plans = targets.map((s) => containerPlan(stack, s, opts.stateDir, opts.secrets));
  const projectLabel = `${LABEL.project}=${stack.project}`;
  const existing = await listContainers([projectLabel]);
  const byService = new Map(existing.map((c) => [c.Labels[LABEL.service], c]));
  await refuseForeignLab(stack.project, opts.stateDir, existing);

  // Images first: nothing is removed or created until every image is there.
  const ids = await ensureImages(plans.map((p) => ({ service: p.service.name, ref: p.service.image })), opts.pull, opts.reporter);
  const decisions = plans.map((p) => ({ plan: p, existing: byService.get(p.service.name), ...decide(p, byService.get(p.service.name), ids.get(p.service.image)) }));

  // Checked before anything is removed. A port one of our running containers publishes now (it is
  // about to be recreated) is ours, not taken; a port it moves to must be free.
  await ensurePortsFree(
    stack.bindAddress,
    decisions
      .filter((d) => d.action !== 'unchanged')
      .flatMap((d) => {
        const held = d.existing?.State === 'running' ? new Set((d.existing.Ports ?? []).map((p) => p.PublicPort)) : new Set<number>();
        return d.plan.service.ports.filter((port) => !held.has(port.host)).map((port) => ({ service: d.plan.service.name, port }));
      }),
  );

  const labels = { [LABEL.project]: stack.project, [LABEL.stateDir]: path.resolve(opts.stateDir) };
  await ensureNetwork(stack.network, labels);
  for (const v of new Set(targets.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'volume' ? [m.name] : []))))) {
    await ensureVolume(volumeName(stack.project, v), labels);
  }
  if (!opts.services?.length) {
    const wanted = new Set<string>(stack.services.map((s) => s.name));
    for (const c of existing) {
      const service = c.Labels[LABEL.service];
      if (!wanted.has(service)) {
        await removeContainer(c.Id);
        opts.reporter.removedOrphan(service);
      }
    }
  }

  const result: UpResult = { actions: {} };
  const planned = new Map(decisions.map((d) => [d.plan.service.name, d]));
  for (const level of startOrder(targets)) {
    await Promise.all(
      level.map(async (service) => {
        const d = planned.get(service.name)!;
        opts.reporter.action(service.name, d.action, d.why);
        result.actions[service.name] = d.action;
        const started = Date.now();
        let id = d.existing?.Id;
        if (d.action === 'recreate' && id) await removeContainer(id);
        if (d.action === 'create' || d.action === 'recreate') id = (await createOrExplain(d.plan)).id;
        if (d.action !== 'unchanged') await startOrExplain(id!, d.plan);
        try {
          await waitForHealthy(id!, service.name, { timeoutMs: opts.readyTimeoutMs });
        } catch (err) {
          if (err instanceof ContainerNotReadyError) {
            const logs = err.logLines.length ? `\nLast log lines of ${service.name}:\n  ${err.logLines.join('\n  ')}` : '';
            throw new UserError(err.message + '.' + logs, { hint: `See all of it with \`o11y logs ${service.name}\`; fix the cause and run \`o11y up\` again.` });
          }
          throw err;
        }
        if (d.action !== 'unchanged') opts.reporter.ready(service.name, Date.now() - started);
      }),
    );
  }
  return result;
}

/**
 * One lab per project name: its passwords live in the state folder it was started from. Started
 * again from another folder (new secrets), PostgreSQL would refuse the app. Containers and
 * volumes carry the folder; objects from before that label are taken as ours.
 */
async function refuseForeignLab(project: string, stateDir: string, containers: ContainerSummary[]): Promise<void> {
  const ours = path.resolve(stateDir);
  const volumes = await listVolumesWithLabels([`${LABEL.project}=${project}`]);
  const other = [...containers.map((c) => c.Labels), ...volumes.map((v) => v.labels)].map((l) => l[LABEL.stateDir]).find((d) => d && d !== ours);
  if (!other) return;
  const folder = path.basename(other) === '.o11y' ? path.dirname(other) : other;
  const running = containers.some((c) => c.Labels[LABEL.stateDir] === other);
  throw new UserError(`The lab "${project}" belongs to another folder, ${folder} (its passwords are there); starting it from here would lock the app out of its database.`, {
    hint: running
      ? `Run o11y in ${folder}, or stop it there with \`o11y down\`; or give this folder its own lab: \`o11y init --yes --project <name>\` with other ports.`
      : `Its data volumes are still there: \`o11y down --volumes\` in ${folder} deletes them; or give this folder its own lab: \`o11y init --yes --project <name>\`.`,
  });
}

async function createOrExplain(plan: ContainerPlan) {
  try {
    return await createContainer(plan.options);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 409) {
      throw new UserError(`A container named ${plan.options.name} already exists but is not part of this lab's project.`, {
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
        hint: `Stop what holds it, or set ${p?.configKey} in o11y.yaml to a free port.`,
        cause: err,
      });
    }
    throw err;
  }
}

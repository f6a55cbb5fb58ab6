// `o11y up` as a reconcile: create what is missing, recreate what changed (config hash or
// image), start what is stopped, leave the rest; then wait for every service to be healthy,
// in dependency order. Every step is safe to interrupt: the next run picks up from there.
import path from 'node:path';
import type { ServiceName } from '../services/index.js';
import type { Secrets } from '../config/secrets.js';
import { ensureDockerReachable } from '../docker/client.js';
import {
  copyFilesIn,
  createContainer,
  listContainers,
  removeContainer,
  restartContainer,
  startContainer,
  type ContainerSummary,
} from '../docker/containers.js';
import { ensureNetwork } from '../docker/networks.js';
import { ensureVolume, listVolumesWithLabels } from '../docker/volumes.js';
import { ContainerNotReadyError, waitForHealthy } from '../docker/wait-for-healthy.js';
import { UserError } from '../errors.js';
import { startOrder } from './build-stack.js';
import { ensurePortsFree, portAnswers } from './check-ports.js';
import { checkDataVersions } from './check-data-versions.js';
import { containerPlan, type ContainerPlan } from './container-spec.js';
import { ensureImages, type PullPolicy, type PullReporter } from './ensure-images.js';
import { localHost } from '../stack/host-url.js';
import { LABEL, secretsId } from '../stack/labels.js';
import { volumeName, type ServiceSpec, type StackSpec } from '../stack/model.js';

/** `wait`: running as asked but not healthy yet, e.g. started by an earlier `up` that was killed. */
export type ServiceAction = 'create' | 'recreate' | 'start' | 'restart' | 'wait' | 'unchanged';

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
  // The summary's Status reads "Up 3 seconds (health: starting)" until the health check passes.
  if (/\((health: starting|unhealthy)\)/.test(existing.Status ?? '')) return { action: 'wait', why: 'started by an earlier run, not healthy yet' };
  return { action: 'unchanged' };
}

export async function upStack(stack: StackSpec, opts: UpOptions): Promise<UpResult> {
  await ensureDockerReachable();
  const targets = opts.services?.length ? withDependencies(stack, opts.services) : stack.services;
  const plans = targets.map((s) => containerPlan(stack, s, opts.stateDir, opts.secrets));
  const projectLabel = `${LABEL.project}=${stack.project}`;
  const existing = await listContainers([projectLabel]);
  const byService = new Map(existing.map((c) => [c.Labels[LABEL.service], c]));
  await refuseForeignLab(stack.project, opts.secrets, existing);

  // Images first: nothing is removed or created until every image is there.
  const ids = await ensureImages(
    plans.map((p) => ({ service: p.service.name, ref: p.service.image })),
    opts.pull,
    opts.reporter,
  );
  // Every service that will run on a data volume, changed or not: a container already looping
  // unhealthy on data of another version gets the same clear answer.
  await checkDataVersions(stack.project, targets);
  const decisions = plans.map((p) => ({
    plan: p,
    existing: byService.get(p.service.name),
    ...decide(p, byService.get(p.service.name), ids.get(p.service.image)),
  }));

  // Orphans (services no longer in the stack) are removed, unless only some services were asked for.
  const wanted = new Set<string>(stack.services.map((s) => s.name));
  // A container with our project label but no service label is not ours to remove.
  const orphans = opts.services?.length ? [] : existing.filter((c) => c.Labels[LABEL.service] && !wanted.has(c.Labels[LABEL.service]));

  // Checked before anything is removed. A port that one of our running containers publishes and
  // this run recreates or removes is ours to reuse (moved or swapped ports); any other must be free.
  const leaving = [...decisions.filter((d) => d.action === 'recreate').map((d) => d.existing!), ...orphans].filter((c) => c.State === 'running');
  const reusable = new Set(leaving.flatMap((c) => (c.Ports ?? []).map((p) => p.PublicPort)));
  await ensurePortsFree(
    stack.bindAddress,
    decisions
      .filter((d) => d.action !== 'unchanged' && d.action !== 'wait')
      .flatMap((d) => d.plan.service.ports.filter((port) => !reusable.has(port.host)).map((port) => ({ service: d.plan.service.name, port }))),
  );

  const labels = { [LABEL.project]: stack.project, [LABEL.stateDir]: path.resolve(opts.stateDir), [LABEL.secretsId]: secretsId(opts.secrets) };
  await ensureNetwork(stack.network, labels);
  for (const v of new Set(targets.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'volume' ? [m.name] : []))))) {
    await ensureVolume(volumeName(stack.project, v), labels);
  }
  for (const c of orphans) {
    await removeContainer(c.Id);
    opts.reporter.removedOrphan(c.Labels[LABEL.service]);
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
        if (d.action === 'create' || d.action === 'recreate' || d.action === 'start') {
          // Again on start: a run killed between create and copy left a container without them.
          await copyFilesIn(id!, d.plan.secretFiles);
          await startOrExplain(id!, d.plan);
        }
        try {
          await waitForHealthy(id!, service.name, { timeoutMs: opts.readyTimeoutMs });
        } catch (err) {
          if (err instanceof ContainerNotReadyError) {
            const logs = err.logLines.length ? `\nLast log lines of ${service.name}:\n  ${err.logLines.join('\n  ')}` : '';
            throw new UserError(err.message + '.' + logs, {
              hint: `See all of it with \`o11y logs ${service.name}\`; fix the cause and run \`o11y up\` again.`,
            });
          }
          throw err;
        }
        // Healthy inside is not enough: the user reaches it through the published port.
        if (!(await publishedPortsAnswer(stack, service))) {
          opts.reporter.action(service.name, 'restart', 'its published port did not answer from this machine');
          result.actions[service.name] = 'restart';
          await restartContainer(id!);
          await waitForHealthy(id!, service.name, { timeoutMs: opts.readyTimeoutMs });
          if (!(await publishedPortsAnswer(stack, service))) {
            const port = service.ports[0];
            throw new UserError(
              `${service.name} is healthy, but port ${port?.host} on ${stack.bindAddress} does not answer from this machine, even after a restart.`,
              {
                hint: `Something between this machine and Docker drops it (a firewall, a VPN, Docker Desktop's port forwarding); \`o11y doctor\` checks the setup, or set ${port?.configKey} in o11y.yaml to another port.`,
              },
            );
          }
        }
        if (result.actions[service.name] !== 'unchanged') opts.reporter.ready(service.name, Date.now() - started);
      }),
    );
  }
  return result;
}

/**
 * One lab per project name, made with one set of passwords (the state folder's secrets). Started
 * with other secrets (another folder, a deleted .o11y), PostgreSQL would lock the app out of its
 * data. Containers and volumes carry a fingerprint of the secrets; the folder is for the message.
 */
async function refuseForeignLab(project: string, secrets: Secrets, containers: ContainerSummary[]): Promise<void> {
  const ours = secretsId(secrets);
  const volumes = await listVolumesWithLabels([`${LABEL.project}=${project}`]);
  const other = [...volumes.map((v) => v.labels), ...containers.map((c) => c.Labels)].find((l) => l[LABEL.secretsId] && l[LABEL.secretsId] !== ours);
  if (!other) return;
  const dir = other[LABEL.stateDir];
  const folder = dir ? (path.basename(dir) === '.o11y' ? path.dirname(dir) : dir) : undefined;
  throw new UserError(
    `The lab "${project}" was made with other passwords${folder ? `, from ${folder}` : ''} (its secrets file); started from here, the app would be locked out of its database.`,
    {
      hint:
        `Run o11y where that lab's .o11y/secrets.yaml is${folder ? ` (${folder})` : ''}; or delete that lab with \`o11y down --volumes\` there (its data goes too); ` +
        'or give this folder its own lab: `o11y init --yes --project <name>` with other ports.',
    },
  );
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

async function publishedPortsAnswer(stack: StackSpec, service: ServiceSpec): Promise<boolean> {
  const answers = await Promise.all(service.ports.map((p) => portAnswers(localHost(stack.bindAddress), p.host)));
  return answers.every(Boolean);
}

// The plan of `o11y up`, made from what is wanted and what the engine holds; pure, so it is
// printed by `--dry-run` and tested against recorded states without an engine.
import path from 'node:path';
import { volumeName } from '../stack/model.js';
import { startOrder } from './build-stack.js';
import type { ContainerPlan } from './container-spec.js';
import type { DesiredLab } from './desired-lab.js';
import { planImages } from './plan-images.js';
import { UP_PLAN_SCHEMA, type ObservedContainer, type ObservedLab, type PullPolicy, type ServiceAction, type UpPlan } from './up-plan.js';

export function planUp(desired: DesiredLab, observed: ObservedLab, pull: PullPolicy): UpPlan {
  const { stack } = desired;
  const byService = new Map(observed.containers.filter((c) => c.service).map((c) => [c.service!, c]));
  const step = new Map(startOrder(desired.services.map((p) => p.service)).flatMap((level, i) => level.map((s) => [s.name, i + 1] as const)));
  const services = desired.services.map((p) => ({
    name: p.service.name,
    ...decide(p, byService.get(p.service.name), observed.images[p.service.name] ?? undefined),
    image: p.service.image,
    step: step.get(p.service.name)!,
  }));
  services.sort((a, b) => a.step - b.step);
  // A reload keeps the container (and its ports): only what starts a container is checked.
  const changing = new Set(services.filter((s) => !['unchanged', 'wait', 'reload'].includes(s.action)).map((s) => s.name));

  // Orphans (services no longer in the stack) are removed, unless only some services were asked for.
  const inStack = new Set<string>(stack.services.map((s) => s.name));
  const orphans = desired.partial ? [] : observed.containers.filter((c) => c.service && !inStack.has(c.service));

  // A port that one of our running containers publishes and this run recreates or removes is
  // ours to reuse (moved or swapped ports); any other must be free.
  const recreated = services.filter((s) => s.action === 'recreate').map((s) => byService.get(s.name)!);
  const reusable = new Set([...recreated, ...orphans].filter((c) => c.state === 'running').flatMap((c) => c.ports));
  const held = new Set(observed.heldPorts);
  const ports = desired.services
    .filter((p) => changing.has(p.service.name))
    .flatMap((p) =>
      p.service.ports.map((port) => ({
        service: p.service.name,
        port: port.host,
        configKey: port.configKey,
        address: port.hostIp,
        check: reusable.has(port.host) ? ('reused' as const) : held.has(port.host) ? ('held' as const) : ('free' as const),
      })),
    );

  const volumes = [
    ...new Set(desired.services.flatMap((p) => p.service.mounts.flatMap((m) => (m.kind === 'volume' ? [volumeName(stack.project, m.name)] : [])))),
  ];
  const haveVolumes = new Set(observed.volumes.map((v) => v.name));
  return {
    schemaVersion: UP_PLAN_SCHEMA,
    project: stack.project,
    engine: 'docker',
    bindAddress: stack.bindAddress,
    ...foreignLab(desired, observed),
    images: imageSteps(desired.services, observed, pull),
    network: { name: stack.network, action: observed.network ? 'keep' : 'create' },
    volumes: volumes.map((name) => ({ name, action: haveVolumes.has(name) ? ('keep' as const) : ('create' as const) })),
    remove: orphans.map((c) => ({ service: c.service!, container: c.id })),
    services,
    ports,
    secrets: desired.services
      .filter((p) => changing.has(p.service.name) && p.secretFiles.length)
      .map((p) => ({ service: p.service.name, files: p.secretFiles.map((f) => f.path) })),
    files: [],
    notes: [],
  };
}

function decide(plan: ContainerPlan, existing: ObservedContainer | undefined, currentImageId: string | undefined): { action: ServiceAction; why?: string } {
  if (!existing) return { action: 'create' };
  if (existing.configHash !== plan.hash) return { action: 'recreate', why: 'configuration changed' };
  if (currentImageId && existing.imageId !== currentImageId) return { action: 'recreate', why: 'image changed' };
  if (existing.state !== 'running') return { action: 'start' };
  // The summary's Status reads "Up 3 seconds (health: starting)" until the health check passes.
  if (/\((health: starting|unhealthy)\)/.test(existing.status)) return { action: 'wait', why: 'started by an earlier run, not healthy yet' };
  const reload = plan.service.reload;
  if (reload && existing.loadedFilesHash !== reload.filesHash) return { action: 'reload', why: 'its config files changed' };
  // Same render as it loaded, yet the file on disk was not it: edited by hand (and perhaps loaded).
  if (reload?.rewritten.length)
    return { action: 'reload', why: `${reload.rewritten.join(', ')} was not as o11y.yaml renders it (edited by hand?): put back; set things in o11y.yaml` };
  return { action: 'unchanged' };
}

function imageSteps(services: ContainerPlan[], observed: ObservedLab, pull: PullPolicy): UpPlan['images'] {
  return planImages(
    services.map((p) => ({ service: p.service.name, ref: p.service.image, present: Boolean(observed.images[p.service.name]) })),
    pull,
  );
}

/**
 * One lab per project name, made with one set of passwords (the state folder's secrets). Started
 * with other secrets (another folder, a deleted .o11y), PostgreSQL would lock the app out of its
 * data. Containers and volumes carry a fingerprint of the secrets; the folder is for the message.
 */
function foreignLab(desired: DesiredLab, observed: ObservedLab): Pick<UpPlan, 'blocked'> {
  const project = desired.stack.project;
  const other = [...observed.volumes, ...observed.containers].find((l) => l.secretsId && l.secretsId !== desired.secretsId);
  if (!other) return {};
  const dir = other.stateDir;
  const folder = dir ? (path.basename(dir) === '.o11y' ? path.dirname(dir) : dir) : undefined;
  return {
    blocked: {
      message: `The lab "${project}" was made with other passwords${folder ? `, from ${folder}` : ''} (its secrets file); started from here, the app would be locked out of its database.`,
      hint:
        `Run o11y where that lab's .o11y/secrets.yaml is${folder ? ` (${folder})` : ''}; or delete that lab with \`o11y down --volumes\` there (its data goes too); ` +
        'or give this folder its own lab: `o11y init --yes --project <name>` with other ports.',
    },
  };
}

/** Why `up` would stop on this plan before changing anything (an empty list: it would go through). */
export function planStops(plan: UpPlan): Array<{ code: 'O11Y_SECRETS_LOST' | 'O11Y_PORT_IN_USE' | 'O11Y_IMAGE_MISSING'; what: string }> {
  return [
    ...(plan.blocked ? [{ code: 'O11Y_SECRETS_LOST' as const, what: plan.blocked.message }] : []),
    ...plan.ports.filter((p) => p.check === 'held').map((p) => ({ code: 'O11Y_PORT_IN_USE' as const, what: `port ${p.port} (${p.service}) is in use` })),
    ...plan.images
      .filter((i) => i.action === 'missing')
      .map((i) => ({ code: 'O11Y_IMAGE_MISSING' as const, what: `${i.ref} is not here and --pull never forbids pulling it` })),
  ];
}

// Builds the stack description from the validated config and the chosen images: one ServiceSpec
// per service module that has an image (the others are left out).
import type { LabConfig } from '../config/schema.js';
import { hostPort, serviceContext, type ServiceName } from '../services/index.js';
import type { ServiceModule } from '../services/service.js';
import { isExposed, loopbackOf } from '../stack/exposure.js';
import type { HostAccess } from '../stack/file-access.js';
import { networkName, type ServiceSpec, type StackSpec } from '../stack/model.js';

export interface StackInputs {
  config: LabConfig;
  /** The enabled services. */
  services: readonly ServiceModule[];
  /** Image per service to include; services absent here are left out. */
  images: Partial<Record<ServiceName, string>>;
  /** Content hash of what each service mounts from the state folder (its rendered files out, for one that reloads them). */
  hashes: Partial<Record<ServiceName, string>>;
  /** Content hash of the rendered files of each service that reloads them. */
  reloadHashes?: Partial<Record<ServiceName, string>>;
  /** Those of its rendered files this run rewrote on disk (a hand edit replaced, or new). */
  rewritten?: Partial<Record<ServiceName, string[]>>;
  /** Who runs o11y on what engine (default: this process, rootful). */
  host?: HostAccess;
}

export function buildStack({ config, services, images, hashes, reloadHashes, rewritten, host }: StackInputs): StackSpec {
  const ctx = serviceContext(config, host);
  const specs: ServiceSpec[] = services
    .filter((s) => images[s.name])
    .map((s) => {
      const c = s.container(ctx);
      return {
        name: s.name,
        image: images[s.name]!,
        ...c,
        dependsOn: c.dependsOn.filter((d) => images[d]),
        ports: [{ container: s.port.container, host: hostPort(config, s), hostIp: publishedOn(config, s), configKey: `ports.${s.port.key}` }],
        filesHash: hashes[s.name] ?? '',
        ...(s.reload ? { reload: { ...s.reload, filesHash: reloadHashes?.[s.name] ?? '', rewritten: rewritten?.[s.name] ?? [] } } : {}),
        secretReader: secretReader(c.user, s.official.uid),
      };
    });
  const volumes = [...new Set(specs.flatMap((s) => s.mounts.flatMap((m) => (m.kind === 'volume' ? [m.name] : []))))];
  return { project: config.project, bindAddress: config.bindAddress, network: networkName(config.project), volumes, services: specs };
}

/** The address a service's port is published on: the bind address, but the loopback for one kept off the network when exposed. */
export function publishedOn(config: LabConfig, s: ServiceModule): string {
  const keep = s.whenExposed === 'loopback' && isExposed(config.bindAddress) && !config.exposeAlso.includes(s.name);
  return keep ? loopbackOf(config.bindAddress) : config.bindAddress;
}

/** Who reads a service's secret files: the "uid:gid" it runs as, else its image's user (root's entrypoints read them before dropping). */
function secretReader(user: string | undefined, imageUid: number): { uid: number; gid: number } {
  const m = user ? /^(\d+)(?::(\d+))?$/.exec(user) : null;
  if (m) return { uid: Number(m[1]), gid: Number(m[2] ?? 0) };
  return { uid: imageUid, gid: 0 };
}

/** Services grouped so that each group depends only on earlier groups (started together, in order). */
export function startOrder(services: ServiceSpec[]): ServiceSpec[][] {
  const done = new Set<string>();
  const levels: ServiceSpec[][] = [];
  let rest = [...services];
  while (rest.length) {
    const ready = rest.filter((s) => s.dependsOn.every((d) => done.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle among ${rest.map((s) => s.name).join(', ')}`);
    levels.push(ready);
    for (const s of ready) done.add(s.name);
    rest = rest.filter((s) => !ready.includes(s));
  }
  return levels;
}

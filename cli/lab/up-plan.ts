// The data `o11y up` works from: what it observed of the engine, and the plan it made from that
// (printed by `up --dry-run`, as JSON with `--json`). The JSON shape is versioned: a field that
// changes meaning or goes away bumps UP_PLAN_SCHEMA.
import type { ServiceName } from '../services/index.js';

export const UP_PLAN_SCHEMA = 1;

/** `up --pull`: when to ask a registry for an image. */
export type PullPolicy = 'never' | 'missing' | 'always';

/**
 * `wait`: running as asked but not healthy yet, e.g. started by an earlier `up` that was killed.
 * `reload`: running as asked, with changed config files it re-reads on a signal (no restart).
 */
export type ServiceAction = 'create' | 'recreate' | 'start' | 'restart' | 'reload' | 'wait' | 'unchanged';

/** One container with our project label, as the engine listed it. */
export interface ObservedContainer {
  id: string;
  /** Absent: our project label but no service label (not ours to remove). */
  service?: string;
  /** running, exited, created… */
  state: string;
  /** "Up 3 seconds (health: starting)" */
  status: string;
  configHash?: string;
  imageId: string;
  /** Host ports it publishes. */
  ports: number[];
  secretsId?: string;
  stateDir?: string;
  /** A reloading service's: hash of the rendered files it confirmed loading (loaded-files.ts). */
  loadedFilesHash?: string;
}

/** The engine as `up` found it, for the services it manages. Plain data: recorded states are test fixtures. */
export interface ObservedLab {
  containers: ObservedContainer[];
  /** The project's volumes, with the labels that say which lab made them. */
  volumes: Array<{ name: string; secretsId?: string; stateDir?: string }>;
  network: boolean;
  /** Id of the image each service is to run; null when the engine does not have it. */
  images: Partial<Record<ServiceName, string | null>>;
  /** Published ports of these services that something holds on the bind address (ours included). */
  heldPorts: number[];
}

export type ImageAction = 'present' | 'pull' | 'build' | 'missing';
export type PortCheck = 'free' | 'held' | 'reused';

/** A file or folder `up` writes outside the engine (the state folder, o11y.yaml). */
export interface FileStep {
  path: string;
  action: 'create' | 'update' | 'chmod';
  why: string;
}

export interface UpPlan {
  schemaVersion: typeof UP_PLAN_SCHEMA;
  project: string;
  /** Where the plan is applied; the only one so far. */
  engine: 'docker';
  bindAddress: string;
  /** Why `up` would stop before changing anything (another lab's passwords); the plan is moot then. */
  blocked?: { message: string; hint: string };
  images: Array<{ ref: string; services: ServiceName[]; action: ImageAction }>;
  network: { name: string; action: 'create' | 'keep' };
  volumes: Array<{ name: string; action: 'create' | 'keep' }>;
  /** Containers of services no longer in the stack. */
  remove: Array<{ service: string; container: string }>;
  /** In start order: `step` n starts after every service of step n-1 is healthy. */
  services: Array<{ name: ServiceName; action: ServiceAction; why?: string; image: string; step: number }>;
  /** Host ports of the services this run creates or starts, checked before anything is removed. */
  ports: Array<{
    service: ServiceName;
    port: number;
    configKey: string;
    check: PortCheck /** The host address it is published on (an exposed lab keeps some on the loopback). */;
    address: string;
  }>;
  /** Secret files copied into a container between create and start (paths inside it; never the values). */
  secrets: Array<{ service: ServiceName; files: string[] }>;
  /** Writes outside the engine; filled by the caller that prepares the state folder. */
  files: FileStep[];
  /** What the plan cannot know before it runs (a registry that may not answer, a data version probe). */
  notes: string[];
}

// The typed description of the stack: the ONE source of truth that both the compose file
// (`o11y render`) and the dockerode calls (`o11y up`) are derived from.
import type { Secrets } from '../config/secrets.js';

/** A service's name (the registry in cli/services/index.ts lists them). */
export type ServiceName = string;

/**
 * A secret from the secrets file, for an image that can read it from a file from a file (the official images' `<VAR>_FILE` convention).
 * `o11y up` copies it into the container as a 0400 file owned by the user that reads it and sets
 * `fileVariable` to its path, so the value is in no environment `docker inspect` shows. Compose
 * without swarm cannot give a private file to a container user other than its owner on the host,
 * so `o11y render` passes the value itself (`${VAR}` from its 0600 .env).
 */
export interface SecretFileRef {
  secret: keyof Secrets;
  /** The variable that takes the file's path instead (POSTGRES_PASSWORD_FILE; Grafana's ..._PASSWORD__FILE). */
  fileVariable: string;
}
/** A plain value, or a secret (only ever as a file: there is no way to put one in the environment of `o11y up`). */
export type EnvValue = string | SecretFileRef;

/** Where a secret's file is in the container. */
export function secretFilePath(secret: keyof Secrets): string {
  return `/run/secrets/${secret.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
}

export interface PortSpec {
  container: number;
  host: number;
  /** The host address it is published on: the bind address, or the loopback for a service kept off the network. */
  hostIp: string;
  /** The config key that moves this port, for error messages ("ports.grafana"). */
  configKey: string;
}

export type MountSpec =
  /** A folder under the state folder (relative path, e.g. 'config/prometheus'). */
  | { kind: 'state'; source: string; target: string; readOnly: boolean }
  /** A named data volume of the project (short name; the engine name is `<project>_<name>`). */
  | { kind: 'volume'; name: string; target: string }
  /** A host path (cAdvisor reads the host). */
  | { kind: 'host'; source: string; target: string; readOnly: boolean };

export interface HealthSpec {
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  retries: number;
}

/**
 * A service that re-reads its mounted config files on a signal (Prometheus, Alertmanager): a
 * change to them is applied without a restart, so no scrape or notification is lost.
 */
export interface ReloadSpec {
  signal: 'SIGHUP';
  /** Gauges on its own /metrics: 1 when the last reload worked, and its unix time. */
  successMetric: string;
  timeMetric: string;
}

/** A service's container as its module describes it: no image, no host ports (those come from the config). */
export interface ContainerSpec {
  /** Arguments to the image's entrypoint (compose `command`). */
  command?: string[];
  env: Record<string, EnvValue>;
  mounts: MountSpec[];
  health: HealthSpec;
  dependsOn: ServiceName[];
  /** Secrets copied in as files (secretFilePath) that its config names, with no variable pointing at them. */
  secretFiles?: Array<keyof Secrets>;
  /** "uid:gid" to run as, when the image default cannot read its mounted files. */
  user?: string;
  privileged?: boolean;
  /** Host devices passed through, at the same path (cAdvisor reads /dev/kmsg). */
  devices?: string[];
  /** Extra /etc/hosts entries, "name:address" ("host.docker.internal:host-gateway"). */
  extraHosts?: string[];
}

/** A service as the stack runs it: its container, the image chosen, the published ports. */
export interface ServiceSpec extends ContainerSpec {
  name: ServiceName;
  image: string;
  ports: PortSpec[];
  /** Hash of the content of the files this service mounts from the state folder (changes recreate it). */
  filesHash: string;
  /**
   * A service that reloads its rendered files: those are out of filesHash, hashed here instead
   * (changes reload it); `rewritten`: those this run found changed on disk and rewrote.
   */
  reload?: ReloadSpec & { filesHash: string; rewritten: string[] };
  /** Who reads its secret files (SecretFileRef): the user it runs as, or its image's. */
  secretReader: { uid: number; gid: number };
}

export interface StackSpec {
  project: string;
  bindAddress: string;
  network: string;
  volumes: string[];
  services: ServiceSpec[];
}

/** Writable data kept in the state folder (not a volume) lives under this folder; `down --volumes` empties it. */
export const STATE_DATA_DIR = 'data';

export function volumeName(project: string, name: string): string {
  return `${project}_${name}`;
}

export function containerName(project: string, service: ServiceName): string {
  return `${project}-${service}`;
}

export function networkName(project: string): string {
  return `${project}_default`;
}

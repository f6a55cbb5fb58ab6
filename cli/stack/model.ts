// The typed description of the stack: the ONE source of truth that both the compose file
// (`o11y render`) and the dockerode calls (`o11y up`) are derived from.
import type { Secrets } from '../config/secrets.js';

/** A service's name (the registry in cli/services/index.ts lists them). */
export type ServiceName = string;

/** An environment value taken from the secrets file: inline for dockerode, `${VAR}` + .env for compose. */
export interface SecretRef {
  secret: keyof Secrets;
  /** Text around the secret, e.g. a URL with the password in it. */
  prefix?: string;
  suffix?: string;
}
export type EnvValue = string | SecretRef;

export interface PortSpec {
  container: number;
  host: number;
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

/** A service's container as its module describes it: no image, no host ports (those come from the config). */
export interface ContainerSpec {
  /** Arguments to the image's entrypoint (compose `command`). */
  command?: string[];
  env: Record<string, EnvValue>;
  mounts: MountSpec[];
  health: HealthSpec;
  dependsOn: ServiceName[];
  /** "uid:gid" to run as, when the image default cannot read its mounted files. */
  user?: string;
  privileged?: boolean;
  /** Host devices passed through, at the same path (cAdvisor reads /dev/kmsg). */
  devices?: string[];
}

/** A service as the stack runs it: its container, the image chosen, the published ports. */
export interface ServiceSpec extends ContainerSpec {
  name: ServiceName;
  image: string;
  ports: PortSpec[];
  /** Hash of the content of the files this service mounts from the state folder (changes recreate it). */
  filesHash: string;
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

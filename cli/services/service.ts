// What a service of the lab is: everything about it in one module (cli/services/<name>.ts), in a
// shape no renderer is named in. The stack, compose, dockerode (and later Kubernetes) renderers,
// `up`, `status`, `images`, `doctor` and the Prometheus config read these and name no service.
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import type { ContainerSpec } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';

/** What a service's descriptions are computed from. */
export interface ServiceContext {
  config: LabConfig;
  /** host:port of a service as other containers on the lab's network reach it. */
  addressOf(service: string): string;
}

/** What its files are rendered from: also the secrets, and the services that run with it. */
export interface RenderContext extends ServiceContext {
  secrets: Partial<Secrets>;
  /** The services of this lab that are switched on, this one included, in registry order. */
  services: readonly ServiceModule[];
}

/** One Prometheus scrape job aimed at this service (job names are what rules and dashboards select on). */
export interface ScrapeJob {
  job: string;
  /** Why the job is there, written above it in prometheus.yml. */
  comment: string;
  /** Scrape over the container's own loopback (Prometheus scraping itself). */
  self?: boolean;
}

/** An address a user opens, on the service's published port. */
export interface ServiceLink {
  label: string;
  /** Builds the URL from the host (IPv6 in brackets) and the published port. */
  url(host: string, port: number): string;
}

/** A local build of the image from OS packages: the folder under images/ and files made on this machine. */
export interface LocalBuild {
  /** Folder under the package's images/ with the Dockerfile. */
  context: string;
  /** Files the build context needs besides that folder (e.g. the host's node binary). */
  extraFiles?(): Array<{ name: string; source: string; mode: number }>;
}

/** A folder of the package copied into the state folder and mounted from there (never from the package itself). */
export interface StagedFolder {
  /** Absolute source folder; must hold `required`. */
  source(): string;
  /** Folder under the state folder. */
  target: string;
  /** The file whose absence means the package was not built, and what to do. */
  required: string;
  missingHint: string;
}

export interface ServiceModule {
  /** The service's name: container `<project>-<name>`, DNS name on the lab's network, `images.<name>`. */
  name: string;
  /** One line: what it is for (docs, `images ls`). */
  summary: string;
  /** Its port inside the lab's network, and the o11y.yaml key (ports.<key>) and default of the published one. */
  port: { container: number; key: string; default: number };
  /** Optional services: switched by `enabled.<key>` in o11y.yaml. Absent: always part of the lab. */
  optional?: { key: string; default: boolean };
  /** The pinned official image and why that tag. */
  image: { default: string; why: string };
  /** How `o11y images build` makes it from Debian packages, or why it cannot. */
  localBuild: LocalBuild | { unavailable: string };
  /** The container: command, environment, mounts, user, health check, dependencies. */
  container(ctx: ServiceContext): ContainerSpec;
  /** Config files it mounts from the state folder, under config/<name>/. */
  files?(ctx: RenderContext): RenderedFile[];
  /** Folders under the state folder where it may keep writable data (`down --volumes` deletes them). */
  stateData?: string[];
  /** A package folder it mounts from the state folder. */
  staged?: StagedFolder;
  /** What Prometheus scrapes of it. */
  scrape?: ScrapeJob[];
  /** What `up` prints and `status` shows for it; the first is its main URL. */
  links: ServiceLink[];
}

export function isLocallyBuildable(s: ServiceModule): s is ServiceModule & { localBuild: LocalBuild } {
  return 'context' in s.localBuild;
}

/** http://host:port/path, the usual link. */
export function httpLink(label: string, urlPath = ''): ServiceLink {
  return { label, url: (host, port) => `http://${host}:${port}${urlPath}` };
}

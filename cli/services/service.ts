// What a service of the lab is: everything about it in one module (cli/services/<name>.ts), in a
// shape no renderer is named in. The stack, compose, dockerode (and later Kubernetes) renderers,
// `up`, `status`, `images`, `doctor` and the Prometheus config read these and name no service.
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import type { HostAccess } from '../stack/file-access.js';
import type { ContainerSpec, ReloadSpec } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';

/** What a service's descriptions are computed from. */
export interface ServiceContext {
  config: LabConfig;
  /** host:port of a service as other containers on the lab's network reach it. */
  addressOf(service: string): string;
  /** Who runs o11y and on what engine: decides who may read the mounted files (file-access.ts). */
  host: HostAccess;
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

/**
 * What the official image is, read from its Dockerfile (and entrypoint) at the pinned tag. The
 * local build must be no kinder: test/images/stand-in-strictness.test.ts checks each local image
 * against this, so a health check that needs something the official image lacks fails here.
 */
export interface OfficialImage {
  /** Where this was read: the Dockerfile at the pinned tag (and the base image it starts from). */
  source: string;
  /** The uid it starts as (its USER line; 0 when it has none). */
  uid: number;
  /** The user its entrypoint switches to before the service runs (postgres: gosu postgres). */
  dropsTo?: { name: string; uid: number };
  /** ENTRYPOINT as the Dockerfile sets it. */
  entrypoint: string[];
  /** Paths the lab relies on in the image (binaries, config and data folders). */
  paths: string[];
  /** Its wget: busybox's applet (only `-q -O- -T --spider`), or none at all. GNU wget is in none of them. */
  wget: 'busybox' | 'none';
  /** Whether it has curl (none of ours does). */
  curl: boolean;
  /** Whether it has bash (the busybox and alpine images have only sh). */
  bash: boolean;
  /** The binaries the lab's health check for it runs, each present in the official image. */
  healthBinaries: string[];
}

/**
 * A named volume whose data only an image of the same version can open (PostgreSQL's major):
 * `up` reads the version the data was made with before it starts the service on another image.
 */
export interface DataVersion {
  /** The volume's short name (one of the service's mounts). */
  volume: string;
  /** The file inside the volume holding the version the data was made with. */
  file: string;
  /** The version an image would run, from its environment (and reference); undefined when unknown. */
  imageVersion(image: { ref: string; env: string[] }): string | undefined;
  /** Why this image cannot run the lab at all, whatever the data (e.g. a layout the mounts do not fit). */
  unsupported?(version: string, ref: string): { message: string; hint: string } | undefined;
  /** What to tell the user when the data's version and the image's differ. */
  mismatch(m: { found: string; wanted: string; ref: string; volume: string }): { message: string; hint: string };
}

/**
 * How the service is published when the lab is exposed (cli/stack/exposure.ts):
 * - public: on the exposed address, open to all (the app: its API is what a class loads);
 * - web-login: on the exposed address behind the lab's web login (web-auth.ts);
 * - own-login: on the exposed address behind a login of its own (Grafana);
 * - loopback: on this machine's loopback only, unless o11y.yaml's exposeAlso lists it.
 */
export type WhenExposed = 'public' | 'web-login' | 'own-login' | 'loopback';

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
  /** The official image's user, entrypoint, paths and tools, read from its sources: the local build is held to it. */
  official: OfficialImage;
  /** Its data volume's version must match the image's (checked by `up` before anything changes). */
  dataVersion?: DataVersion;
  /** How `o11y images build` makes it from Debian packages, or why it cannot. */
  localBuild: LocalBuild | { unavailable: string };
  /** How it is published when the lab is exposed, and why, in a comment. */
  whenExposed: WhenExposed;
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
  /** It re-reads its rendered files on a signal: `up` signals it instead of recreating it. */
  reload?: ReloadSpec;
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

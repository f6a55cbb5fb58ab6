// Who may read the files the lab mounts, whatever the host: the user's umask, root or sudo, a
// rootful or rootless engine. Every mounted folder is made 0755 and every file its rendered mode
// (0644, or 0600 for secrets), never what the umask left (umask 077 made them 0700 and Prometheus,
// as nobody, could not read its config). The 0600 files (Alertmanager's config may hold the bot
// token) need their reader to be their owner:
// - root on Linux, not under sudo: the files go to nobody (65534), the official image's user;
// - a user, or root under sudo (the files then belong to SUDO_UID, so the user's next run can
//   rewrite them): the container runs as that user, its data in the state folder it owns;
// - a rootless engine: the host user is root (0) inside the container and nobody maps to an
//   unrelated subuid, so the container runs as 0:0 (no more than the host user may);
// - Docker Desktop (macOS, Windows): its file sharing lets containers read, nothing special.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sudoUser } from '../sudo-owner.js';

export const NOBODY = { uid: 65534, gid: 65534 };

/** What decides access: the OS, who owns the lab's files, and whether the engine is rootless. */
export interface HostAccess {
  platform: NodeJS.Platform;
  /** Who the state folder belongs to: the user running o11y, or under sudo the user sudo ran for. */
  owner?: { uid: number; gid: number };
  /** Root running for another user (sudo): files we write are handed to `owner`. */
  underSudo: boolean;
  /** The engine runs rootless (`name=rootless` in its security options). */
  rootless: boolean;
}

/** This process's host access; `rootless` comes from the engine (engineIsRootless). */
export function hostAccess(rootless = false, platform: NodeJS.Platform = process.platform): HostAccess {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  const sudo = sudoUser();
  const owner = sudo ?? (uid === undefined || gid === undefined ? undefined : { uid, gid });
  return { platform, owner, underSudo: sudo !== undefined, rootless };
}

export interface ContainerAccess {
  /** chown rendered files of the service to this owner after writing them. */
  chownTo?: { uid: number; gid: number };
  /** Run the container as "uid:gid". */
  user?: string;
  /** Keep the service's writable data in the state folder rather than a named volume. */
  dataInStateDir: boolean;
}

/** How a service that must read a 0600 file of ours (Alertmanager) gets to read it. */
export function secretReaderAccess(host: HostAccess): ContainerAccess {
  const { platform, owner, rootless } = host;
  if (platform !== 'linux' || !owner) return { dataInStateDir: false };
  const handBack = host.underSudo ? { chownTo: owner } : {};
  if (rootless) return { user: '0:0', dataInStateDir: true, ...handBack };
  if (owner.uid === 0) return { chownTo: NOBODY, dataInStateDir: false };
  return { user: `${owner.uid}:${owner.gid}`, dataInStateDir: true, ...handBack };
}

/** Folder modes for mounted folders: readable and traversable by any container user. */
export const MOUNTED_DIR_MODE = 0o755;

/**
 * mkdir -p `dir`, then makes it and every folder between it and `root` 0755 (the umask decides
 * nothing). Only folders we own can be chmodded; others are left for the caller's error.
 */
export function mkdirReadable(dir: string, root: string): void {
  mkdirSync(dir, { recursive: true });
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chmodIfOwned(d, MOUNTED_DIR_MODE);
    if (d === stop || d === path.dirname(d) || !d.startsWith(stop)) break;
  }
}

/** Every folder under `dir` 0755 and every file 0644 (0755 when executable by its owner); symlinks untouched. */
export function makeTreeReadable(dir: string): void {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    chmodIfOwned(dir, MOUNTED_DIR_MODE);
    for (const name of readdirSync(dir)) makeTreeReadable(path.join(dir, name));
  } else if (st.isFile()) {
    chmodIfOwned(dir, st.mode & 0o100 ? 0o755 : 0o644);
  }
}

function chmodIfOwned(p: string, mode: number): void {
  const st = lstatSync(p);
  if ((st.mode & 0o777) === mode) return;
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || st.uid === uid) chmodSync(p, mode);
}

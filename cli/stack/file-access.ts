// Who may read the mounted config files. Alertmanager's image runs as nobody (65534) and its
// config is 0600 (it may hold the Telegram bot token): a root-owned 0600 bind mount is
// unreadable to it. As root on Linux we hand the files to 65534; as another Linux user we run
// the container as that user instead (with its storage in the state folder, which it owns).
// Docker Desktop (macOS, Windows) shares files through a layer that lets containers read them.
export const NOBODY = { uid: 65534, gid: 65534 };

export interface ContainerAccess {
  /** chown rendered files of the service to this owner after writing them. */
  chownTo?: { uid: number; gid: number };
  /** Run the container as "uid:gid". */
  user?: string;
  /** Keep the service's writable data in the state folder rather than a named volume. */
  dataInStateDir: boolean;
}

export function alertmanagerAccess(platform: NodeJS.Platform = process.platform, uid = process.getuid?.(), gid = process.getgid?.()): ContainerAccess {
  if (platform !== 'linux' || uid === undefined || gid === undefined) return { dataInStateDir: false };
  if (uid === 0) return { chownTo: NOBODY, dataInStateDir: false };
  return { user: `${uid}:${gid}`, dataInStateDir: true };
}

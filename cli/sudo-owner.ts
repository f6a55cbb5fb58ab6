// Under `sudo o11y ...` (what `doctor --fix` and the first `images build` ask for), files made in
// the user's project would belong to root, and the user's next `o11y up` could not write its own
// state folder. What we create there is handed back to the user sudo ran for (SUDO_UID/GID).
// Root must not be steered by that user's symlinks: files are opened with O_NOFOLLOW and chowned
// by descriptor, folders only when they are real folders. Ownership is a convenience, so a
// filesystem that refuses chown (vfat, NFS root_squash) never stops the real work.
import { constants, fchownSync, fstatSync, lchownSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Under sudo as root: the user sudo ran for (SUDO_UID/SUDO_GID); otherwise undefined. */
export function sudoUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(process.env.SUDO_UID);
  const gid = Number(process.env.SUDO_GID);
  return Number.isInteger(uid) && uid > 0 && Number.isInteger(gid) && gid >= 0 ? { uid, gid } : undefined;
}

function bestEffort(chown: () => void): void {
  try {
    chown();
  } catch {
    // see the header
  }
}

/** mkdir -p; the folders it had to create go to the sudo user. */
export function mkdirForUser(dir: string): void {
  const target = path.resolve(dir);
  const first = mkdirSync(target, { recursive: true });
  const user = sudoUser();
  if (!first || !user) return;
  for (let d = target; ; d = path.dirname(d)) {
    if (lstatSync(d).isDirectory()) bestEffort(() => lchownSync(d, user.uid, user.gid));
    if (d === first || d === path.dirname(d)) break;
  }
}

/**
 * Opens a file for writing without following a symlink at its path (ELOOP instead), and hands it
 * to the sudo user unless `forUser` is false. `append` keeps what is there; otherwise truncated.
 */
export function openForUser(file: string, append = false, forUser = true): number {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
  const fd = openSync(file, flags, 0o644);
  if (forUser) handFdToUser(fd);
  return fd;
}

/** Under sudo, hands the open file to the sudo user: only a plain file with one name (a hard link to another file is not). */
export function handFdToUser(fd: number): void {
  const user = sudoUser();
  const st = fstatSync(fd);
  if (user && st.isFile() && st.nlink === 1) bestEffort(() => fchownSync(fd, user.uid, user.gid));
}

/**
 * Hands a whole tree we made (the state folder after `sudo o11y up`) to the sudo user, so their
 * next `o11y up` without sudo can read and rewrite it. Symlinks are not followed (lchown, and no
 * descent into them); files with more than one name are left alone.
 */
export function handTreeToUser(dir: string): void {
  const user = sudoUser();
  if (!user) return;
  const walk = (p: string) => {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return;
    if (st.isFile() && st.nlink > 1) return;
    if (st.uid !== user.uid || st.gid !== user.gid) bestEffort(() => lchownSync(p, user.uid, user.gid));
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(path.resolve(dir));
}

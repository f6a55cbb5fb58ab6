// Under `sudo o11y ...` (what `doctor --fix` asks for), files made in the user's project would
// belong to root, and the user's next `o11y up` could not write its own state folder. What we
// create there is handed back to the user sudo ran for (SUDO_UID/SUDO_GID).
import { chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';

function sudoUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(process.env.SUDO_UID);
  const gid = Number(process.env.SUDO_GID);
  return Number.isInteger(uid) && uid > 0 && Number.isInteger(gid) && gid >= 0 ? { uid, gid } : undefined;
}

/** mkdir -p; the folders it had to create go to the sudo user. */
export function mkdirForUser(dir: string): void {
  const first = mkdirSync(dir, { recursive: true });
  const user = sudoUser();
  if (!first || !user) return;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chownSync(d, user.uid, user.gid);
    if (d === path.resolve(first) || d === path.dirname(d)) break;
  }
}

/** A file we just created goes to the sudo user. */
export function giveToUser(file: string): void {
  const user = sudoUser();
  if (user) chownSync(file, user.uid, user.gid);
}

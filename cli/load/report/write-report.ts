// Where a report file goes: checked before the load starts (a typo should not cost the run),
// then written atomically (a temp file beside it, renamed), so a reader never sees half a file.
import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';

const tempPathOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);

/** Fails with what to do unless `file` can be written (its folder exists and takes new files). */
export function assertWritable(file: string, flag: string): void {
  const dir = path.dirname(path.resolve(file));
  const cannot = (why: string, hint: string, cause?: unknown) =>
    new UserError(`Cannot write ${flag} ${file}: ${why}.`, { code: 'O11Y_FILE_UNWRITABLE', hint, cause });
  let dirStat: ReturnType<typeof statSync>;
  try {
    dirStat = statSync(dir);
  } catch (err) {
    throw cannot(`the folder ${dir} does not exist`, `Create it first (mkdir -p ${dir}) or give another path.`, err);
  }
  if (!dirStat.isDirectory()) throw cannot(`${dir} is not a folder`, 'Give a path inside an existing folder.');
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw cannot('it is a folder', `Give a file name, e.g. ${path.join(file, 'report.html')}.`);
  // Permissions, a read-only file system, a full disk: only trying tells. The same temp file the real write uses.
  const probe = tempPathOf(path.resolve(file));
  try {
    closeSync(openSync(probe, 'w'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM' ? `no permission to create files in ${dir}` : `${code ?? (err as Error).message} creating a file in ${dir}`;
    throw cannot(why, 'Choose a folder you can write to (your home folder, or the current one).', err);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Writes `content` to `file` through a temp file in the same folder and a rename. */
export function writeAtomically(file: string, content: string): void {
  const temp = tempPathOf(path.resolve(file));
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new UserError(`Cannot write ${file}: ${(err as Error).message}`, { code: 'O11Y_FILE_UNWRITABLE', cause: err });
  }
}

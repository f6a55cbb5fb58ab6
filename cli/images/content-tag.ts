// Content-derived tags: an image is rebuilt only when something that went into it changed.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ContextFile } from './recipes.js';

const fileHashes = new Map<string, string>();

/** sha256 of a file, remembered per (path, size, mtime) so repeated plans do not re-read the 100 MB node binary. */
export async function hashFile(file: string): Promise<string> {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  const known = fileHashes.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  fileHashes.set(key, digest);
  return digest;
}

/** 12 hex digits over the parent's identity and every context file's name, mode and content. */
export async function contentTag(parentKey: string, files: ContextFile[], extra: string[] = []): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`parent ${parentKey}\n`);
  for (const e of extra) hash.update(`extra ${e}\n`);
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const content = f.content !== undefined ? createHash('sha256').update(f.content).digest('hex') : await hashFile(f.source!);
    hash.update(`file ${f.name} ${f.mode.toString(8)} ${content}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

/** 12 hex digits over plain strings. */
export function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

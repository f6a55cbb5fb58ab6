// Content-derived tags: an image is rebuilt only when something that went into it changed.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContextFile } from './recipes.js';

// Big inputs (the ~100 MB node binary) are hashed once per (path, size, mtime, inode), and
// remembered across runs in the user's cache folder: an up-to-date `images build` stays fast.
const BIG = 8 * 1024 * 1024;
const cacheFile = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'o11y-lab', 'file-hashes.json');
let cache: Record<string, string> | undefined;

function diskCache(): Record<string, string> {
  if (!cache) {
    try {
      cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>;
    } catch {
      cache = {};
    }
  }
  return cache;
}

/** sha256 of a file's content. */
export async function hashFile(file: string): Promise<string> {
  const st = statSync(file);
  const key = `${path.resolve(file)}|${st.size}|${st.mtimeMs}|${st.ino}`;
  const big = st.size >= BIG;
  const known = big ? diskCache()[key] : undefined;
  if (known) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  if (big) {
    diskCache()[key] = digest;
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(cache));
    } catch {
      // A read-only home only costs the next run a re-hash.
    }
  }
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

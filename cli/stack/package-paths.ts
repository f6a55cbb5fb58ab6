// Where the installed package is, and the templates/ it ships.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The o11y-lab package folder, found from this module (works from dist/ and from sources under tsx). */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'o11y-lab') {
      root = dir;
      return root;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('o11y-lab package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function templatePath(...parts: string[]): string {
  return path.join(packageRoot(), 'templates', ...parts);
}

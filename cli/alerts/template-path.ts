// Finds a file under the package's templates/ folder, from source (tsx) and from dist/ alike.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function templatePath(...parts: string[]): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) {
      return path.join(dir, 'templates', ...parts);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`templates/${parts.join('/')} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

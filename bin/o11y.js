#!/usr/bin/env node
// Thin shim: the CLI lives in dist/cli (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('o11y is not built yet. Run `npm ci` (or `npm run build`) in the o11y-lab folder first.');
  process.exit(1);
}
await import(entry.href);

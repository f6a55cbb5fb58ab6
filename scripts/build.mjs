// Builds the CLI (tsc -> dist/) and the gradebook service as one bundled file
// (dist/app/server.mjs) that a stock Node image runs with nothing installed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
if (!existsSync(path.join(root, 'node_modules', 'typescript'))) {
  // `npm ci --omit=dev` or a partial install: nothing to build with.
  console.error('build: typescript is not installed; run `npm ci` first.');
  process.exit(1);
}
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });

const esbuild = await import('esbuild');
const appDir = path.join(root, 'dist', 'app');
mkdirSync(appDir, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, 'server', 'main.ts')],
  outfile: path.join(appDir, 'server.mjs'),
  bundle: true,
  platform: 'node',
  // The oldest supported line (engines), not the image's 24: local app images run the bundle on
  // the host's own Node (docs/images.md). Today both targets give the same bundle, byte for byte.
  target: 'node20',
  format: 'esm',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some CommonJS deps call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// Swagger UI serves static assets from disk; ship them next to the bundle.
const swaggerStatic = path.join(path.dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
cpSync(swaggerStatic, path.join(appDir, 'static'), { recursive: true });
console.log('build: dist/cli and dist/app/server.mjs ready');

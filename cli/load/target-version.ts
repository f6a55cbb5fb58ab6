// What the target is, for the HTML report: the gradebook's API title and version (its OpenAPI
// document) and the Node.js it runs on (prom-client's nodejs_version_info). Best effort.
import { get } from './preflight.js';

const nodeVersion = (metrics: string) => /^nodejs_version_info\{[^}]*version="([^"]+)"/m.exec(metrics)?.[1];

/** "Gradebook API 1.0.0 on Node.js v20.19.4", or undefined when the target does not say. */
export async function targetVersion(origin: string): Promise<string | undefined> {
  const [docs, metrics] = await Promise.all([
    get(new URL('/docs/json', origin).href).catch(() => undefined),
    get(new URL('/metrics', origin).href).catch(() => undefined),
  ]);
  let api: string | undefined;
  try {
    const info = (JSON.parse(docs?.body ?? '') as { info?: { title?: unknown; version?: unknown } }).info;
    if (typeof info?.title === 'string' && typeof info.version === 'string') api = `${info.title} ${info.version}`;
  } catch {
    // not JSON: not the gradebook's OpenAPI document
  }
  const node = metrics?.status === 200 ? nodeVersion(metrics.body) : undefined;
  if (!api && !node) return undefined;
  return [api ?? 'unknown service', node && `on Node.js ${node}`].filter(Boolean).join(' ');
}

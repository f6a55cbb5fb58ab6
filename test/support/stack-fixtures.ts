// Shared inputs for the stack's unit tests: a config, fixed secrets, a stack built from them.
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG, DEFAULT_IMAGES, enabledServices } from '../../cli/services/index.js';
import type { Secrets } from '../../cli/config/secrets.js';
import { buildStack } from '../../cli/lab/build-stack.js';
import { mountHashes } from '../../cli/lab/mount-hashes.js';
import { renderServiceFiles } from '../../cli/lab/render-files.js';

export const SECRETS: Secrets = {
  postgresPassword: 'pg-Secret-123',
  grafanaPassword: 'gf-Secret-456',
  chaosToken: 'chaos-Secret-789',
  webPassword: 'web-Secret-012',
  grafanaViewerPassword: 'viewer-Secret-345',
};

export function testConfig(change: (c: LabConfig) => void = () => {}): LabConfig {
  const c = structuredClone(DEFAULT_CONFIG);
  c.project = 'unit';
  change(c);
  return c;
}

export function testStack(config = testConfig()) {
  const byService = renderServiceFiles(config, SECRETS);
  const services = enabledServices(config);
  const images = Object.fromEntries(services.map((s) => [s.name, DEFAULT_IMAGES[s.name]]));
  const stack = buildStack({ config, services, images, ...mountHashes(services, byService, (s) => (s.staged ? 'apphash' : undefined)) });
  return { stack, files: [...byService.values()].flat() };
}

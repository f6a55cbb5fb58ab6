// Shared inputs for the stack's unit tests: a config, fixed secrets, a stack built from them.
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/config/schema.js';
import type { Secrets } from '../../cli/config/secrets.js';
import { buildStack } from '../../cli/lab/build-stack.js';
import { DEFAULT_IMAGES } from '../../cli/services/default-images.js';
import { filesHash, renderStackFiles } from '../../cli/lab/render-files.js';
import { enabledServices } from '../../cli/lab/resolve-images.js';

export const SECRETS: Secrets = { postgresPassword: 'pg-Secret-123', grafanaPassword: 'gf-Secret-456', chaosToken: 'chaos-Secret-789' };

export function testConfig(change: (c: LabConfig) => void = () => {}): LabConfig {
  const c = structuredClone(DEFAULT_CONFIG);
  c.project = 'unit';
  change(c);
  return c;
}

export function testStack(config = testConfig()) {
  const files = renderStackFiles(config, SECRETS);
  const images = Object.fromEntries(enabledServices(config).map((s) => [s, DEFAULT_IMAGES[s]]));
  const stack = buildStack({
    config,
    images,
    hashes: { app: 'apphash', prometheus: filesHash(files, 'prometheus'), alertmanager: filesHash(files, 'alertmanager'), grafana: filesHash(files, 'grafana') },
  });
  return { stack, files };
}

// Writes the committed, importable dashboards (grafana/dashboards/*.json) from the typed
// builders in cli/grafana/dashboards/, with the default config's thresholds.
// Run: node --import tsx grafana/generate.ts   (test/grafana checks they are up to date)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../cli/services/index.js';
import { buildDashboards, dashboardFileContent } from '../cli/grafana/dashboards/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dashboards');
mkdirSync(dir, { recursive: true });
for (const { entry, json } of buildDashboards(DEFAULT_CONFIG)) {
  writeFileSync(path.join(dir, entry.file), dashboardFileContent(json));
  console.log(`wrote grafana/dashboards/${entry.file} (${entry.title}, uid ${entry.uid})`);
}

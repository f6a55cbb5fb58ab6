// Every config file the stack mounts, rendered and written under <stateDir>/config/.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderAlertFiles } from '../alerts/render.js';
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { renderGrafanaFiles } from '../grafana/render.js';
import { alertmanagerAccess } from '../stack/file-access.js';
import { renderPrometheusConfig } from '../services/prometheus-config.js';
import type { RenderedFile } from '../stack/rendered-file.js';

export function renderStackFiles(config: LabConfig, secrets: Secrets): RenderedFile[] {
  const files = [renderPrometheusConfig(config), ...renderAlertFiles(config, secrets)];
  if (config.enabled.grafana) files.push(...renderGrafanaFiles(config));
  return files;
}

/** Hash of the files under one top folder of config/ ('prometheus', 'alertmanager', 'grafana'). */
export function filesHash(files: RenderedFile[], folder: string): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (f.path.startsWith(folder + '/')) h.update(f.path).update('\0').update(String(f.mode ?? 0o644)).update('\0').update(f.content).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Writes files under `configDir`, touching only those whose content or mode changed (so a
 * re-run is quick and mtimes mean something), and hands alertmanager's files to the owner
 * its container runs as.
 */
export function writeRenderedFiles(configDir: string, files: RenderedFile[]): void {
  const access = alertmanagerAccess();
  for (const file of files) {
    const target = path.join(configDir, file.path);
    const mode = file.mode ?? 0o644;
    mkdirSync(path.dirname(target), { recursive: true });
    const same = existsSync(target) && readFileSync(target, 'utf8') === file.content;
    if (!same) writeFileSync(target, file.content, { mode });
    if (!same || (statSync(target).mode & 0o777) !== mode) chmodSync(target, mode);
    if (access.chownTo && file.path.startsWith('alertmanager/')) {
      const st = statSync(target);
      if (st.uid !== access.chownTo.uid) chownSync(target, access.chownTo.uid, access.chownTo.gid);
    }
  }
}

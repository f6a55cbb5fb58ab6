// Placeholder until the Grafana work lands: provisioning files and dashboards.
// Contract: 'grafana/provisioning/datasources/*.yml', 'grafana/provisioning/dashboards/*.yml'
// (mounted at /etc/grafana/provisioning) and 'grafana/dashboards/*.json' (mounted at
// /var/lib/grafana/dashboards, the path the dashboard provider points at).
import type { LabConfig } from '../config/schema.js';
import type { RenderedFile } from '../stack/rendered-file.js';

export function renderGrafanaFiles(_config: LabConfig): RenderedFile[] {
  return [];
}

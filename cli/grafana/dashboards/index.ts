// Builds every lab dashboard from the config (alert thresholds, project name, cAdvisor on/off).
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LabConfig } from '../../config/schema.js';
import { DASHBOARD_KEYS, DASHBOARDS, type DashboardEntry } from '../catalog.js';
import { overviewDashboard } from './overview.js';
import { postgresDashboard } from './postgres.js';
import { serviceDashboard } from './service.js';

/**
 * The dashboard JSON schema version Grafana 11.2 (the pinned image) writes. The SDK emits a newer
 * one; Grafana only migrates dashboards forward, so we say what we target.
 */
export const GRAFANA_SCHEMA_VERSION = 39;

const builders = { overview: overviewDashboard, service: serviceDashboard, postgres: postgresDashboard };

export interface BuiltDashboard {
  entry: DashboardEntry;
  json: Dashboard;
}

export function buildDashboards(config: LabConfig): BuiltDashboard[] {
  return DASHBOARD_KEYS.map((key) => {
    const json = builders[key](config).build();
    json.schemaVersion = GRAFANA_SCHEMA_VERSION;
    // Explicit where the SDK leaves `{}`: Grafana would add them on load, importers may not.
    json.templating = { list: json.templating.list ?? [] };
    json.annotations = { list: json.annotations.list ?? [] };
    // Stable panel ids (Grafana would number them on load): links like ?viewPanel=3 keep working.
    for (const [i, panel] of (json.panels ?? []).entries()) panel.id = i + 1;
    return { entry: DASHBOARDS[key], json };
  });
}

/** The file content: stable key order from the builders, two-space indent, final newline. */
export function dashboardFileContent(json: Dashboard): string {
  return JSON.stringify(json, null, 2) + '\n';
}

// The URLs of the lab's dashboards as the user's browser reaches them (what `o11y up` prints).
import type { LabConfig } from '../config/schema.js';
import { labUrl } from '../stack/host-url.js';
import { DASHBOARD_KEYS, DASHBOARDS, type DashboardKey } from './catalog.js';

export interface DashboardLink {
  key: DashboardKey;
  title: string;
  summary: string;
  url: string;
}

export function grafanaUrl(config: LabConfig): string {
  return labUrl(config, 'grafana');
}

/** One link per dashboard, overview first. /d/<uid> is enough: Grafana redirects to the slugged URL. */
export function dashboardLinks(config: LabConfig): DashboardLink[] {
  const base = grafanaUrl(config);
  return DASHBOARD_KEYS.map((key) => {
    const d = DASHBOARDS[key];
    return { key, title: d.title, summary: d.summary, url: `${base}/d/${d.uid}` };
  });
}

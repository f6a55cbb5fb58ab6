// The URLs of the lab's dashboards as the user's browser reaches them (what `o11y up` prints).
import type { LabConfig } from '../config/schema.js';
import { labUrl } from '../stack/host-url.js';
import { DASHBOARD_KEYS, DASHBOARDS, type DashboardKey } from './catalog.js';
import { buildDashboards } from './dashboards/index.js';

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

/**
 * The same question in Prometheus' own graph page, for a lab without Grafana: the dashboard's
 * first panel query, with Grafana's variables given the values they default to.
 */
export function prometheusGraphLink(config: LabConfig, key: DashboardKey): { url: string; query: string; panel: string } {
  const built = buildDashboards(config).find((d) => d.entry.key === key);
  const panel = built?.json.panels?.find((p) => (p as { targets?: unknown[] }).targets?.length) as
    | { title?: string; targets: Array<{ expr?: string }> }
    | undefined;
  const query = (panel?.targets[0]?.expr ?? 'up').replace(/\$__rate_interval/g, '1m').replace(/=~"\$[a-z_]+"/g, '=~".+"');
  const url = `${labUrl(config, 'prometheus')}/graph?g0.expr=${encodeURIComponent(query)}&g0.tab=0&g0.range_input=15m`;
  return { url, query, panel: panel?.title ?? '' };
}

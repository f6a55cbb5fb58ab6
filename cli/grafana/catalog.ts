// The fixed identities Grafana objects of the lab are known by: datasource uids, dashboard
// uids and files. Panels, provisioning, links and tests all read them from here.
export const PROMETHEUS_DATASOURCE_UID = 'o11y-prometheus';
export const ALERTMANAGER_DATASOURCE_UID = 'o11y-alertmanager';

/** What every panel and query points at: the provisioned Prometheus, never a `${DS_...}` input. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID } as const;

/** Grafana folder the dashboards are provisioned into. */
export const DASHBOARD_FOLDER = { title: 'o11y lab', uid: 'o11y-lab' } as const;

export const DASHBOARD_KEYS = ['overview', 'service', 'postgres'] as const;
export type DashboardKey = (typeof DASHBOARD_KEYS)[number];

export interface DashboardEntry {
  key: DashboardKey;
  uid: string;
  title: string;
  /** File name under grafana/dashboards/ (committed) and config/grafana/dashboards/ (rendered). */
  file: string;
  summary: string;
}

export const DASHBOARDS: Record<DashboardKey, DashboardEntry> = {
  overview: {
    key: 'overview',
    uid: 'o11y-overview',
    title: 'Lab overview',
    file: 'overview.json',
    summary: 'load, latency, alerts and targets on one screen',
  },
  service: {
    key: 'service',
    uid: 'o11y-service',
    title: 'Gradebook service',
    file: 'service.json',
    summary: 'RPS, p50/p90/p99 per route, errors, in-flight, event loop, heap, pool',
  },
  postgres: {
    key: 'postgres',
    uid: 'o11y-postgres',
    title: 'PostgreSQL',
    file: 'postgres.json',
    summary: 'transactions, tuples, cache hits, connections, size, settings, container CPU/memory',
  },
};

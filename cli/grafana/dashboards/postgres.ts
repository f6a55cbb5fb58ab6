// The PostgreSQL dashboard: transactions, tuples, cache, connections, size and settings from
// postgres-exporter (job="postgres"), and the database container's CPU and memory from cAdvisor.
// Queries aggregate by datname and never select on `server`: Debian's exporter 0.11 adds that
// label (and a datname="" row), current releases do not; these queries work on both.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { LabConfig } from '../../config/schema.js';
import { containerName } from '../../stack/model.js';
import { DASHBOARDS, PROMETHEUS_DATASOURCE } from '../catalog.js';
import { labDashboard, row, statPanel, timeSeriesPanel, upDownMappings } from '../panels.js';
import { RATE } from '../selectors.js';

// `.+` (the "All" value) also drops the exporter 0.11 row with an empty datname.
const DB = 'job="postgres",datname=~"$datname"';

const perSecond = (metric: string) => `sum by (datname) (rate(${metric}{${DB}}[${RATE}]))`;
const total = (metric: string) => `sum(rate(${metric}{${DB}}[${RATE}]))`;
const setting = (name: string) => `max(pg_settings_${name}{job="postgres"})`;

export const CADVISOR_OFF_NOTE = 'cAdvisor is off: set `enabled.cadvisor: true` in o11y.yaml and run `o11y up` to see the PostgreSQL container here.';

function datnameVariable(): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder('datname')
    .label('database')
    .datasource(PROMETHEUS_DATASOURCE)
    .query({ query: 'label_values(pg_stat_database_xact_commit{job="postgres"}, datname)', refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition('label_values(pg_stat_database_xact_commit{job="postgres"}, datname)')
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .regex('.+')
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ selected: true, text: ['All'], value: ['$__all'] });
}

export function postgresDashboard(config: LabConfig): dashboard.DashboardBuilder {
  const entry = DASHBOARDS.postgres;
  const container = containerName(config.project, 'postgres');
  const cadvisorNote = config.enabled.cadvisor ? `From cAdvisor: the container named ${container}, not the exporter's own process.` : CADVISOR_OFF_NOTE;
  return labDashboard(
    entry.uid,
    entry.title,
    'PostgreSQL through postgres-exporter: transactions, tuple operations, cache hits, connections, size, settings; container CPU and memory from cAdvisor.',
  )
    .withVariable(datnameVariable())
    .withRow(row('Now'))
    .withPanel(
      statPanel({
        title: 'PostgreSQL up',
        description: 'pg_up: whether the exporter can reach and query the database.',
        unit: 'none',
        queries: [{ expr: 'min(pg_up{job="postgres"})', legend: 'up' }],
        mappings: upDownMappings(),
      }),
    )
    .withPanel(
      statPanel({
        title: 'Transactions per second',
        description: 'Commits plus rollbacks per second in the selected databases.',
        unit: 'ops',
        decimals: 1,
        queries: [{ expr: `${total('pg_stat_database_xact_commit')} + ${total('pg_stat_database_xact_rollback')}`, legend: 'TPS' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Cache hit ratio',
        description: 'Blocks found in shared buffers / all blocks read, over the rate window.',
        unit: 'percentunit',
        decimals: 2,
        queries: [
          {
            expr: `${total('pg_stat_database_blks_hit')} / (${total('pg_stat_database_blks_hit')} + ${total('pg_stat_database_blks_read')})`,
            legend: 'hit ratio',
          },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Connections',
        description: 'Backends connected to the selected databases, any state.',
        unit: 'short',
        queries: [{ expr: `sum(pg_stat_activity_count{${DB}})`, legend: 'connections' }],
      }),
    )
    .withRow(row('Activity'))
    .withPanel(
      timeSeriesPanel({
        title: 'Commits and rollbacks per second',
        description: 'pg_stat_database xact_commit and xact_rollback, as rates per database.',
        unit: 'ops',
        min: 0,
        queries: [
          { expr: perSecond('pg_stat_database_xact_commit'), legend: 'commits {{datname}}' },
          { expr: perSecond('pg_stat_database_xact_rollback'), legend: 'rollbacks {{datname}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Tuple operations per second',
        description: 'Rows returned (scanned), fetched (by index), inserted, updated and deleted per second.',
        unit: 'ops',
        min: 0,
        queries: ['returned', 'fetched', 'inserted', 'updated', 'deleted'].map((op) => ({
          expr: total(`pg_stat_database_tup_${op}`),
          legend: op,
        })),
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Cache hit ratio',
        description: 'Share of block reads served from shared buffers, per database. Low values mean reads go to disk (or the OS cache).',
        unit: 'percentunit',
        max: 1,
        queries: [
          {
            expr: `${perSecond('pg_stat_database_blks_hit')} / (${perSecond('pg_stat_database_blks_hit')} + ${perSecond('pg_stat_database_blks_read')})`,
            legend: '{{datname}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Connections by state',
        description: "pg_stat_activity: active, idle, idle in transaction... The service's pool keeps idle connections open.",
        unit: 'short',
        min: 0,
        queries: [{ expr: `sum by (state) (pg_stat_activity_count{${DB}})`, legend: '{{state}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Database size',
        description: 'pg_database_size_bytes per database.',
        unit: 'bytes',
        queries: [{ expr: `sum by (datname) (pg_database_size_bytes{${DB}})`, legend: '{{datname}}' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Deadlocks per second',
        description: 'Deadlocks detected per second, per database. Anything above 0 deserves a look at the queries.',
        unit: 'ops',
        min: 0,
        queries: [{ expr: perSecond('pg_stat_database_deadlocks'), legend: '{{datname}}' }],
      }),
    )
    .withRow(row('Container (cAdvisor)'))
    .withPanel(
      timeSeriesPanel({
        title: 'PostgreSQL container CPU',
        description: cadvisorNote,
        unit: 'percentunit',
        min: 0,
        noValue: config.enabled.cadvisor ? undefined : 'cAdvisor is off (enabled.cadvisor in o11y.yaml)',
        queries: [{ expr: `sum(rate(container_cpu_usage_seconds_total{name="${container}"}[${RATE}]))`, legend: 'CPU (1.0 = one core)' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'PostgreSQL container memory',
        description: cadvisorNote,
        unit: 'bytes',
        min: 0,
        noValue: config.enabled.cadvisor ? undefined : 'cAdvisor is off (enabled.cadvisor in o11y.yaml)',
        queries: [{ expr: `sum(container_memory_working_set_bytes{name="${container}"})`, legend: 'working set' }],
      }),
    )
    .withRow(row('Settings'))
    .withPanel(
      statPanel({
        title: 'Memory settings',
        description: 'shared_buffers, effective_cache_size, work_mem, maintenance_work_mem and wal_buffers (pg_settings_*).',
        unit: 'bytes',
        span: 12,
        queries: [
          { expr: setting('shared_buffers_bytes'), legend: 'shared_buffers' },
          { expr: setting('effective_cache_size_bytes'), legend: 'effective_cache_size' },
          { expr: setting('work_mem_bytes'), legend: 'work_mem' },
          { expr: setting('maintenance_work_mem_bytes'), legend: 'maintenance_work_mem' },
          { expr: setting('wal_buffers_bytes'), legend: 'wal_buffers' },
        ],
      }).textMode(common.BigValueTextMode.ValueAndName),
    )
    .withPanel(
      statPanel({
        title: 'max_connections',
        description: 'pg_settings_max_connections: backends the server accepts.',
        unit: 'short',
        span: 4,
        queries: [{ expr: setting('max_connections'), legend: 'max_connections' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'checkpoint_timeout',
        description: 'pg_settings_checkpoint_timeout_seconds.',
        unit: 's',
        span: 4,
        queries: [{ expr: setting('checkpoint_timeout_seconds'), legend: 'checkpoint_timeout' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'random_page_cost',
        description: "pg_settings_random_page_cost: the planner's cost of a random page read.",
        unit: 'none',
        span: 4,
        queries: [{ expr: setting('random_page_cost'), legend: 'random_page_cost' }],
      }),
    );
}

// The lab overview: one screen for a class - load (the server's and o11y load's own), latency,
// alerts and scrape targets.
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LabConfig } from '../../config/schema.js';
import { DASHBOARDS } from '../catalog.js';
import { LOAD_METRIC, LOAD_RUN_LABEL, METRIC } from '../../../server/metric-names.js';
import { labDashboard, row, statPanel, tablePanel, timeSeriesPanel, upDownMappings } from '../panels.js';
import { NODE_JOB, RATE, STUDENTS, TRAFFIC } from '../selectors.js';

const requests = (extra = '') => `rate(${METRIC.requests}{${TRAFFIC}${extra}}[${RATE}])`;
// The latency alert watches GET /students/, the route `o11y load` drives.
const studentsBuckets = `rate(${METRIC.duration}_bucket{${STUDENTS}}[${RATE}])`;
const studentsQuantile = (q: number) => `histogram_quantile(${q}, sum by (le) (${studentsBuckets}))`;
const errorRatio = `(sum(${requests(',status="5xx"')}) or vector(0)) / sum(${requests()})`;

// The client's side (`o11y load`'s own series, pushed while it runs), one line per run, beside the
// server's: every route but /metrics, the traffic a load sends whatever its --path.
const RUN = LOAD_RUN_LABEL;
const perRun = (metric: string, extra = '') => `sum by (${RUN}) (rate(${metric}${extra}[${RATE}]))`;
const clientQuantile = (q: number) => `histogram_quantile(${q}, sum by (${RUN}, le) (rate(${LOAD_METRIC.duration}_bucket[${RATE}])))`;
const serverQuantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${METRIC.duration}_bucket{${TRAFFIC}}[${RATE}])))`;
const clientFailed = `${perRun(LOAD_METRIC.errors)} + ${perRun(LOAD_METRIC.responses, '{status=~"4xx|5xx"}')}`;

export const NO_ALERTS_TEXT = 'No alert is pending or firing';
export const NO_LOAD_TEXT = 'No o11y load running in this time range';
export const NODE_EXPORTER_OFF = 'node-exporter is off (enabled.nodeExporter in o11y.yaml)';

// The host as node-exporter sees it (job "node"): CPU busy, memory in use, root disk, disk I/O.
const cpuBusy = `1 - avg(rate(node_cpu_seconds_total{${NODE_JOB},mode="idle"}[${RATE}]))`;
const memoryUsed = `sum(node_memory_MemTotal_bytes{${NODE_JOB}}) - sum(node_memory_MemAvailable_bytes{${NODE_JOB}})`;
const rootFs = `${NODE_JOB},mountpoint="/",fstype!="rootfs"`;
const rootDiskUsed = `1 - sum(node_filesystem_avail_bytes{${rootFs}}) / sum(node_filesystem_size_bytes{${rootFs}})`;
const diskIo = (dir: 'read' | 'written') => `sum(rate(node_disk_${dir}_bytes_total{${NODE_JOB}}[${RATE}]))`;

export function overviewDashboard(config: LabConfig): DashboardBuilder {
  const { requestRate, latencyP99, errorRatio: errorAlert } = config.alerts;
  const hostNoValue = config.enabled.nodeExporter === false ? NODE_EXPORTER_OFF : undefined;
  const entry = DASHBOARDS.overview;
  return labDashboard(entry.uid, entry.title, 'The o11y lab on one screen: load, latency, alerts and scrape targets.')
    .withPanel(
      statPanel({
        title: 'Requests per second',
        description: `Gradebook traffic (all routes but /metrics). Red above the HighRequestRate threshold (${requestRate.threshold} req/s).`,
        unit: 'reqps',
        span: 5,
        decimals: 1,
        threshold: requestRate.threshold,
        queries: [{ expr: `sum(${requests()})`, legend: 'RPS' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'p99 GET /students/',
        description: `Red above the HighLatencyP99 threshold (${latencyP99.threshold} s).`,
        unit: 's',
        span: 5,
        threshold: latencyP99.threshold,
        queries: [{ expr: studentsQuantile(0.99), legend: 'p99' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Error ratio (5xx)',
        description: `Red above the HighErrorRatio threshold (${errorAlert.threshold}).`,
        unit: 'percentunit',
        span: 5,
        decimals: 1,
        threshold: errorAlert.threshold,
        queries: [{ expr: errorRatio, legend: '5xx ratio' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Firing alerts',
        description: 'Alerts Prometheus is firing now (sent to Alertmanager, and to Telegram when configured).',
        unit: 'short',
        span: 4,
        threshold: 1,
        queries: [{ expr: 'count(ALERTS{alertstate="firing"}) or vector(0)', legend: 'firing' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Targets up',
        description: 'Scrape targets Prometheus reaches, out of all it scrapes.',
        unit: 'short',
        span: 5,
        queries: [{ expr: 'sum(up)', legend: 'up' }],
      }),
    )
    .withRow(row('Load and latency'))
    .withPanel(
      timeSeriesPanel({
        title: 'Load: requests per second',
        description: `Total and by status class. Dashed line: the HighRequestRate alert threshold (${requestRate.threshold} req/s).`,
        unit: 'reqps',
        min: 0,
        threshold: requestRate.threshold,
        queries: [
          { expr: `sum(${requests()})`, legend: 'total' },
          { expr: `sum by (status) (${requests()})`, legend: '{{status}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Latency of GET /students/',
        description: `p50 and p99. Dashed line: the HighLatencyP99 alert threshold (${latencyP99.threshold} s).`,
        unit: 's',
        min: 0,
        threshold: latencyP99.threshold,
        queries: [
          { expr: studentsQuantile(0.5), legend: 'p50' },
          { expr: studentsQuantile(0.99), legend: 'p99' },
        ],
      }),
    )
    .withRow(row('Load: what o11y load saw, beside the server'))
    .withPanel(
      timeSeriesPanel({
        title: 'o11y load: users',
        description:
          'Per run of `o11y load --users` (its run id in the legend): the users its plan asks for, and those holding an open connection to the service. Pushed by the load generator while it runs; empty when none runs.',
        unit: 'short',
        min: 0,
        noValue: NO_LOAD_TEXT,
        queries: [
          { expr: `sum by (${RUN}) (${LOAD_METRIC.usersPlanned})`, legend: 'planned {{run}}' },
          { expr: `sum by (${RUN}) (${LOAD_METRIC.usersActive})`, legend: 'active {{run}}' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Requests per second: client and server',
        description: `Answers o11y load received per second (per run) beside the requests the gradebook served (every route but /metrics). Dashed line: the HighRequestRate threshold (${requestRate.threshold} req/s).`,
        unit: 'reqps',
        min: 0,
        threshold: requestRate.threshold,
        noValue: NO_LOAD_TEXT,
        queries: [
          { expr: perRun(LOAD_METRIC.responses), legend: 'client {{run}}' },
          { expr: `sum(${requests()})`, legend: 'server' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Latency p50 / p99: client and server',
        description:
          "The same buckets and the same PromQL on both sides: what o11y load measured (request written to last byte read, per run) and what the gradebook measured (its handler's time, every route but /metrics). The client's is longer by the network, queueing before the server's clock starts, and the sends a stall held back.",
        unit: 's',
        min: 0,
        threshold: latencyP99.threshold,
        noValue: NO_LOAD_TEXT,
        queries: [
          { expr: clientQuantile(0.5), legend: 'client p50 {{run}}' },
          { expr: clientQuantile(0.99), legend: 'client p99 {{run}}' },
          { expr: serverQuantile(0.5), legend: 'server p50' },
          { expr: serverQuantile(0.99), legend: 'server p99' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'o11y load: failed and missed',
        description:
          'Per run, per second: failed requests (connection errors, timeouts, answers 4xx/5xx), missed sends (a user still waiting for its previous answer: the service is saturated) and dropped sends (--rate: too many waiting for a connection).',
        unit: 'reqps',
        min: 0,
        noValue: NO_LOAD_TEXT,
        queries: [
          { expr: clientFailed, legend: 'failed {{run}}' },
          { expr: perRun(LOAD_METRIC.missed), legend: 'missed {{run}}' },
          { expr: perRun(LOAD_METRIC.dropped), legend: 'dropped {{run}}' },
        ],
      }),
    )
    .withRow(row('Host (node-exporter)'))
    .withPanel(
      timeSeriesPanel({
        title: 'Host CPU busy',
        description: 'Share of all cores not idle, over the whole machine: the lab, the load generator and everything else on it.',
        unit: 'percentunit',
        span: 6,
        min: 0,
        max: 1,
        noValue: hostNoValue,
        queries: [{ expr: cpuBusy, legend: 'busy' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Host memory in use',
        description: 'MemTotal - MemAvailable: what the machine could not hand out without swapping or dropping caches.',
        unit: 'bytes',
        span: 6,
        min: 0,
        noValue: hostNoValue,
        queries: [{ expr: memoryUsed, legend: 'in use' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Host disk',
        description: "Bytes read and written per second by all of the machine's disks.",
        unit: 'Bps',
        span: 6,
        min: 0,
        noValue: hostNoValue,
        queries: [
          { expr: diskIo('read'), legend: 'read' },
          { expr: diskIo('written'), legend: 'written' },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Root disk used',
        description: 'Share of the root filesystem in use (node_filesystem_*{mountpoint="/"}).',
        unit: 'percentunit',
        span: 6,
        decimals: 1,
        threshold: 0.9,
        noValue: hostNoValue,
        queries: [{ expr: rootDiskUsed, legend: 'used' }],
      }),
    )
    .withRow(row('Alerts and targets'))
    .withPanel(
      tablePanel({
        title: 'Alerts now',
        description: "Prometheus's ALERTS series: every rule that is pending (condition true, waiting for its `for`) or firing. Empty when all is well.",
        unit: 'none',
        noValue: NO_ALERTS_TEXT,
        queries: [{ expr: 'sum by (alertname, alertstate, severity) (ALERTS)', legend: '' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Alerts over time',
        description: 'When each alert was pending or firing (1 while it was).',
        unit: 'short',
        min: 0,
        noValue: NO_ALERTS_TEXT,
        queries: [{ expr: 'sum by (alertname, alertstate) (ALERTS)', legend: '{{alertname}} {{alertstate}}' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Scrape targets',
        description:
          'up per Prometheus job: app (the gradebook), postgres (postgres-exporter), prometheus, alertmanager, node (node-exporter) and cadvisor when enabled.',
        unit: 'none',
        span: 24,
        queries: [{ expr: 'min by (job) (up)', legend: '{{job}}' }],
        mappings: upDownMappings(),
      }),
    );
}

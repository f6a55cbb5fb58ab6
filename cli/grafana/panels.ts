// Small builders on top of Grafana's foundation SDK, so each dashboard file reads as a list
// of panels and PromQL: every query on the provisioned Prometheus uid, legends shown,
// alert thresholds drawn as dashed lines.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS_DATASOURCE } from './catalog.js';

export interface Query {
  expr: string;
  /** Legend template, e.g. '{{handler}}'. */
  legend: string;
}

export interface PanelOptions {
  title: string;
  description: string;
  unit: string;
  queries: Query[];
  /** Width in grid columns (24 = full width). */
  span?: number;
  height?: number;
  /** Shown inside the panel when a query returns nothing (Grafana's "No data" otherwise). */
  noValue?: string;
  /** An alert threshold, drawn as a dashed red line (time series) or a red step (stat). */
  threshold?: number;
  min?: number;
  max?: number;
  decimals?: number;
}

function target(q: Query, index: number, instant = false): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS_DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(q.expr)
    .legendFormat(q.legend);
  return instant ? builder.instant() : builder.range();
}

function thresholdSteps(threshold: number | undefined): dashboard.ThresholdsConfigBuilder {
  const steps: dashboard.Threshold[] = [{ value: null, color: 'green' }];
  if (threshold !== undefined) steps.push({ value: threshold, color: 'red' });
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

export function timeSeriesPanel(o: PanelOptions): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(o.unit)
    .span(o.span ?? 12)
    .height(o.height ?? 8)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .thresholds(thresholdSteps(o.threshold))
    .thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(
        o.threshold === undefined ? common.GraphThresholdsStyleMode.Off : common.GraphThresholdsStyleMode.Dashed,
      ),
    );
  for (const [i, q] of o.queries.entries()) panel.withTarget(target(q, i));
  if (o.min !== undefined) panel.min(o.min);
  if (o.max !== undefined) panel.max(o.max);
  if (o.decimals !== undefined) panel.decimals(o.decimals);
  if (o.noValue) panel.noValue(o.noValue);
  return panel;
}

export function statPanel(o: PanelOptions & { mappings?: dashboard.ValueMapping[] }): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(o.unit)
    .span(o.span ?? 6)
    .height(o.height ?? 4)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(thresholdSteps(o.threshold));
  for (const [i, q] of o.queries.entries()) panel.withTarget(target(q, i));
  if (o.decimals !== undefined) panel.decimals(o.decimals);
  if (o.noValue) panel.noValue(o.noValue);
  if (o.mappings) panel.mappings(o.mappings);
  return panel;
}

/** A table of an instant query's series (one row per series, labels as columns): what is true now. */
export function tablePanel(o: PanelOptions): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(o.title)
    .description(o.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(o.unit)
    .span(o.span ?? 12)
    .height(o.height ?? 8)
    // Table format already makes labels columns; Grafana's Time column is noise for a current-state table.
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true, __name__: true } } });
  for (const [i, q] of o.queries.entries()) panel.withTarget(target(q, i, true).format(prometheus.PromQueryFormat.Table));
  if (o.noValue) panel.noValue(o.noValue);
  return panel;
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

/** A value mapping for a 0/1 gauge such as `up` or `pg_up`. */
export function upDownMappings(): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: {
        '0': { text: 'DOWN', color: 'red', index: 0 },
        '1': { text: 'UP', color: 'green', index: 1 },
      },
    },
  ];
}

/** A dashboard skeleton: pinned uid, refresh, time range, tags, links to the other lab dashboards. */
export function labDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['o11y-lab'])
    .refresh('5s')
    .time({ from: 'now-15m', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(
      new dashboard.DashboardLinkBuilder('Lab dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(['o11y-lab'])
        .asDropdown(false)
        .includeVars(false)
        .keepTime(true),
    );
}

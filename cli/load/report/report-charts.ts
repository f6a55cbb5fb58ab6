// The HTML report's charts as data: per-second series from the run's timeline, with labels and
// colours. The page's script only hands these to uPlot; what is plotted is decided here.
import type { LoadMode, Summary, Tick } from '../summary.js';

/** One colour per series, distinct from the grid and axes (the browser test counts these pixels). */
export const SERIES_COLORS = {
  planned: '#7f7f7f',
  achieved: '#1f77b4',
  p50: '#2ca02c',
  p90: '#bcbd22',
  p99: '#ff7f0e',
  max: '#9467bd',
  failed: '#d62728',
  dropped: '#8c564b',
} as const;

export interface ChartSeries {
  label: string;
  color: string;
  /** One value per second; null where there is nothing to plot (no request finished). */
  values: Array<number | null>;
  /** 'y2': the right-hand axis (connections next to requests/s in flat-out runs). */
  scale?: 'y' | 'y2';
  dashed?: boolean;
  bars?: boolean;
}

export interface ChartSpec {
  id: string;
  yLabel: string;
  y2Label?: string;
  series: ChartSeries[];
}

export interface ReportCharts {
  /** Seconds since the start, one per tick. */
  x: number[];
  charts: ChartSpec[];
}

const PLANNED: Record<LoadMode, string> = {
  users: 'planned users (1 request/s each)',
  rate: 'planned requests/s',
  max: 'connections',
};

export function reportCharts(s: Summary): ReportCharts {
  const t = s.timeline;
  // A second in which nothing finished has no latency: a gap, not a drop to zero.
  const latency = (k: keyof Tick['latencyMs']) => t.map((tick) => (tick.rps > 0 ? tick.latencyMs[k] : null));
  // A bar of height 0 still draws a dash on the axis: no bar at all.
  const count = (n: number | undefined) => (n ? n : null);
  const shape: ChartSpec = {
    id: 'chart-shape',
    yLabel: 'requests/s',
    // Flat out plans connections, not requests: its own axis.
    y2Label: s.mode === 'max' ? 'connections' : undefined,
    series: [
      { label: PLANNED[s.mode], color: SERIES_COLORS.planned, values: t.map((x) => x.level), dashed: true, scale: s.mode === 'max' ? 'y2' : 'y' },
      { label: 'achieved requests/s (finished)', color: SERIES_COLORS.achieved, values: t.map((x) => x.rps) },
    ],
  };
  const percentiles: ChartSpec = {
    id: 'chart-latency',
    yLabel: 'ms',
    series: (['p50', 'p90', 'p99', 'max'] as const).map((k) => ({ label: k, color: SERIES_COLORS[k], values: latency(k) })),
  };
  const failures: ChartSpec = {
    id: 'chart-errors',
    yLabel: 'requests',
    series: [{ label: 'failed (errors, timeouts, status ≥ 400)', color: SERIES_COLORS.failed, values: t.map((x) => count(x.failed)), bars: true }],
  };
  if (t.some((x) => x.dropped)) {
    failures.series.push({ label: 'dropped sends', color: SERIES_COLORS.dropped, values: t.map((x) => count(x.dropped)), bars: true });
  }
  return { x: t.map((x) => x.elapsedS), charts: [shape, percentiles, failures] };
}

/** Runs in the page: draws each chart of the embedded data with uPlot (no other code there). */
export const CHART_SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const plots = [];
  const width = (el) => Math.max(320, el.clientWidth);
  for (const c of data.charts) {
    const el = document.getElementById(c.id);
    const axes = [{ label: 'seconds since start' }, { label: c.yLabel }];
    if (c.y2Label) axes.push({ scale: 'y2', side: 1, label: c.y2Label, grid: { show: false } });
    const series = [{ label: 'second' }].concat(c.series.map((s) => ({
      label: s.label,
      stroke: s.color,
      width: 2,
      scale: s.scale || 'y',
      dash: s.dashed ? [6, 4] : undefined,
      fill: s.bars ? s.color : undefined,
      paths: s.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
      points: { show: false },
      spanGaps: false,
    })));
    const bars = c.series.some((s) => s.bars);
    // Bars are centred on their second: half a second of room either side keeps the edge ones whole.
    const x = bars ? { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] } : { time: false };
    const scales = { x, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } };
    if (c.y2Label) scales.y2 = { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] };
    plots.push([el, new uPlot({ width: width(el), height: 260, scales, axes, series }, [data.x].concat(c.series.map((s) => s.values)), el)]);
  }
  addEventListener('resize', () => { for (const [el, u] of plots) u.setSize({ width: width(el), height: 260 }); });
})();
`;

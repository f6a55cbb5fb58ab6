// `o11y target ls`: each target of o11y.yaml with how its last scrape went, from the lab's Prometheus.
import { fetchTargets, queryValue, type ScrapeTarget } from '../clients/prometheus-api.js';
import type { LabConfig } from '../config/schema.js';
import { labPrometheus } from './apply-targets.js';
import { runningLab } from './running-lab.js';

export interface TargetState {
  name: string;
  url: string;
  state: 'up' | 'down' | 'not scraped yet' | 'lab not running';
  lastError?: string;
  /** Seconds since its last scrape. */
  lastScrapeAgoS?: number;
  /** Samples its last scrape returned. */
  series?: number;
}

export async function targetStates(config: LabConfig, stateDir: string): Promise<TargetState[]> {
  const entries = Object.entries(config.targets);
  if (entries.length === 0) return [];
  const running = await runningLab(config.project);
  const prometheus = labPrometheus(config, stateDir);
  const scraped: ScrapeTarget[] = running?.services.includes('prometheus') ? await fetchTargets(prometheus).catch(() => []) : [];
  return Promise.all(
    entries.map(async ([name, t]): Promise<TargetState> => {
      if (!running) return { name, url: t.url, state: 'lab not running' };
      const s = scraped.find((x) => x.job === name);
      if (!s || s.lastScrapeMs === undefined) return { name, url: t.url, state: 'not scraped yet' };
      const series = await queryValue(prometheus, `scrape_samples_scraped{job=${JSON.stringify(name)}}`).catch(() => undefined);
      return {
        name,
        url: t.url,
        state: s.health === 'up' ? 'up' : 'down',
        ...(s.lastError ? { lastError: s.lastError } : {}),
        lastScrapeAgoS: Math.max(0, Math.round((Date.now() - s.lastScrapeMs) / 1000)),
        ...(series !== undefined ? { series } : {}),
      };
    }),
  );
}

// Test-short alert settings: rules fire within seconds, not a minute. As o11y.yaml values
// (for a lab folder) and as the loaded config.
import type { LabConfig } from '../../cli/config/schema.js';
import { DEFAULT_CONFIG } from '../../cli/services/index.js';

const short = { window: '10s', for: '3s' };

export const SHORT_ALERT_SETTINGS = {
  scrapeInterval: '1s',
  evaluationInterval: '1s',
  alerts: { requestRate: short, latencyP99: short, errorRatio: short },
};

export function shortAlertConfig(): LabConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.scrapeInterval = SHORT_ALERT_SETTINGS.scrapeInterval;
  config.evaluationInterval = SHORT_ALERT_SETTINGS.evaluationInterval;
  for (const key of ['requestRate', 'latencyP99', 'errorRatio'] as const) config.alerts[key] = { ...config.alerts[key], ...short };
  return config;
}

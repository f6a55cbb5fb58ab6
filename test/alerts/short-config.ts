// The lab config with test-short alert windows: rules fire within seconds, not a minute.
import { DEFAULT_CONFIG, type LabConfig } from '../../cli/config/schema.js';

export function shortAlertConfig(overrides: Partial<LabConfig['telegram']> = {}): LabConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  config.scrapeInterval = '1s';
  config.evaluationInterval = '1s';
  config.alerts.requestRate = { ...config.alerts.requestRate, window: '10s', for: '3s' };
  config.alerts.latencyP99 = { ...config.alerts.latencyP99, window: '10s', for: '3s' };
  config.alerts.errorRatio = { ...config.alerts.errorRatio, window: '10s', for: '3s' };
  config.telegram = { ...config.telegram, ...overrides };
  return config;
}

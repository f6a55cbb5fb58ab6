// The files Prometheus and Alertmanager need for alerts, for the stack to mount:
// 'prometheus/alerts.yml' (at /etc/prometheus/alerts.yml) and 'alertmanager/*' (at /etc/alertmanager).
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import {
  LAB_ROUTE_TIMING,
  MESSAGE_TEMPLATE_FILE,
  readMessageTemplate,
  renderAlertmanagerYaml,
  telegramEnabled,
  type RouteTiming,
} from './render-alertmanager.js';
import { renderRulesYaml } from './render-rules.js';

export interface AlertRenderOptions {
  /** Alertmanager grouping timings; tests shorten them. */
  routeTiming?: Partial<RouteTiming>;
}

/** The rules, for Prometheus to mount at /etc/prometheus/alerts.yml. */
export function renderRulesFile(config: LabConfig): RenderedFile {
  return { path: 'prometheus/alerts.yml', content: renderRulesYaml(config) };
}

/** Alertmanager's config and message template (at /etc/alertmanager). */
export function renderAlertmanagerFiles(config: LabConfig, secrets: Partial<Secrets>, options: AlertRenderOptions = {}): RenderedFile[] {
  const timing = { ...LAB_ROUTE_TIMING, ...options.routeTiming };
  return [
    {
      path: 'alertmanager/alertmanager.yml',
      content: renderAlertmanagerYaml(config, secrets, timing),
      ...(telegramEnabled(config, secrets) ? { mode: 0o600 } : {}),
    },
    { path: `alertmanager/${MESSAGE_TEMPLATE_FILE}`, content: readMessageTemplate() },
  ];
}

/** Both, as tests mount them. */
export function renderAlertFiles(config: LabConfig, secrets: Partial<Secrets>, options: AlertRenderOptions = {}): RenderedFile[] {
  return [renderRulesFile(config), ...renderAlertmanagerFiles(config, secrets, options)];
}

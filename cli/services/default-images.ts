// Pinned default image per service: official images, exact tags, so a lab behaves the same
// next year. Override per service with `images.<service>` in o11y.yaml or O11Y_IMAGE_<SERVICE>.
import type { ServiceName } from '../config/schema.js';

export const DEFAULT_IMAGES: Record<ServiceName, string> = {
  // Node 20 is what the bundle targets (engines >= 20); slim: the app needs nothing else.
  app: 'node:20-bookworm-slim',
  // 16 is the newest major with long support left that the exporter's 0.15 queries all cover.
  postgres: 'postgres:16-bookworm',
  'postgres-exporter': 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
  // 2.54 is the last 2.x line: same flags and config format as the Debian 2.42 tests run.
  prometheus: 'prom/prometheus:v2.54.1',
  // 0.27 has telegram_configs with bot_token (and bot_token_file), as the alerts module renders.
  alertmanager: 'prom/alertmanager:v0.27.0',
  // 11.2: datasource `prune` (>= 11.1) and data-source-managed alert views.
  grafana: 'grafana/grafana:11.2.0',
  cadvisor: 'gcr.io/cadvisor/cadvisor:v0.49.1',
};

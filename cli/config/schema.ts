// The typed lab configuration (o11y.yaml, safe to commit) and its defaults.
export const SERVICE_NAMES = ['app', 'postgres', 'postgres-exporter', 'prometheus', 'alertmanager', 'grafana', 'cadvisor'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface AlertRuleConfig {
  /** Threshold in the rule's unit: requests/s, seconds, or a ratio 0..1. */
  threshold: number;
  /** Range of rate()/histogram_quantile() windows, a Prometheus duration. */
  window: string;
  /** How long the condition must hold before firing, a Prometheus duration. */
  for: string;
}

export interface LabConfig {
  /** Docker project name: prefixes containers, network and volumes, and labels them. */
  project: string;
  /** Where rendered files, secrets and logs live (relative to the config file's folder). */
  stateDir: string;
  /** Host address published ports bind to; 127.0.0.1 unless the user asks otherwise. */
  bindAddress: string;
  ports: {
    app: number;
    prometheus: number;
    alertmanager: number;
    grafana: number;
    postgres: number;
    postgresExporter: number;
    cadvisor: number;
  };
  /** Image per service; '' means the pinned default. */
  images: Partial<Record<ServiceName, string>>;
  /** Optional services switched on (cadvisor) or off (grafana). */
  enabled: { grafana: boolean; cadvisor: boolean };
  scrapeInterval: string;
  evaluationInterval: string;
  alerts: {
    requestRate: AlertRuleConfig;
    latencyP99: AlertRuleConfig;
    errorRatio: AlertRuleConfig;
  };
  telegram: {
    /** Numeric chat id (groups negative, channels -100…); token lives in the secrets file. */
    chatId?: number;
    /** Bot API base URL; only tests and proxies change it. */
    apiUrl: string;
  };
  app: {
    /** Seed size for an empty database: 'sample' (a handful) or 'large' (generated). */
    seed: 'sample' | 'large' | 'none';
  };
}

export const DEFAULT_CONFIG: LabConfig = {
  project: 'o11y',
  stateDir: '.o11y',
  bindAddress: '127.0.0.1',
  ports: {
    app: 8000,
    prometheus: 9090,
    alertmanager: 9093,
    grafana: 3000,
    postgres: 5432,
    postgresExporter: 9187,
    cadvisor: 8080,
  },
  images: {},
  enabled: { grafana: true, cadvisor: false },
  scrapeInterval: '5s',
  evaluationInterval: '5s',
  alerts: {
    requestRate: { threshold: 100, window: '30s', for: '15s' },
    latencyP99: { threshold: 0.5, window: '1m', for: '30s' },
    errorRatio: { threshold: 0.05, window: '1m', for: '30s' },
  },
  telegram: { apiUrl: 'https://api.telegram.org' },
  app: { seed: 'sample' },
};

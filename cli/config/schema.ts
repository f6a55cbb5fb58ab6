// The typed lab configuration (o11y.yaml, safe to commit) and the defaults of its lab-wide
// settings. Per-service settings (ports.<key>, enabled.<key>, images.<service>) and their
// defaults come from the service modules: DEFAULT_CONFIG in cli/services/index.ts.

export interface AlertRuleConfig {
  /** Threshold in the rule's unit: requests/s, seconds, or a ratio 0..1. */
  threshold: number;
  /** Range of rate()/histogram_quantile() windows, a Prometheus duration. */
  window: string;
  /** How long the condition must hold before firing, a Prometheus duration. */
  for: string;
}

/** A service of the user's that the lab scrapes (`o11y target add`). */
export interface TargetConfig {
  /** Its metrics URL; localhost/127.0.0.1 means this machine (reached through the host gateway). */
  url: string;
}

export interface LabConfig {
  /** Docker project name: prefixes containers, network and volumes, and labels them. */
  project: string;
  /** Where rendered files, secrets and logs live (relative to the config file's folder). */
  stateDir: string;
  /** Host address published ports bind to; 127.0.0.1 unless the user asks otherwise. */
  bindAddress: string;
  /**
   * Services kept on the loopback when the lab is exposed (PostgreSQL, the exporters) that are
   * published on bindAddress all the same, by service name: asked for one by one.
   */
  exposeAlso: string[];
  /** Published host port per service, by each service's port key (ports.postgresExporter). */
  ports: Record<string, number>;
  /** Image per service name; absent means the pinned default. */
  images: Record<string, string>;
  /** Optional services switched on (cadvisor) or off (grafana), by each one's key. */
  enabled: Record<string, boolean>;
  /**
   * Run the images `o11y images build` makes instead of pulling (what `up --images local` does).
   * `o11y up` sets it when no registry answered and local builds were chosen; `up --images config` clears it.
   */
  localImages: boolean;
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
  /** The user's own services the lab scrapes, by name (the name is their Prometheus job). */
  targets: Record<string, TargetConfig>;
}

/** Everything but the per-service maps, which the service registry fills in. */
export const LAB_DEFAULTS: Omit<LabConfig, 'ports' | 'images' | 'enabled'> = {
  project: 'o11y',
  stateDir: '.o11y',
  bindAddress: '127.0.0.1',
  exposeAlso: [],
  localImages: false,
  scrapeInterval: '5s',
  evaluationInterval: '5s',
  alerts: {
    requestRate: { threshold: 100, window: '30s', for: '15s' },
    latencyP99: { threshold: 0.5, window: '1m', for: '30s' },
    errorRatio: { threshold: 0.05, window: '1m', for: '30s' },
  },
  telegram: { apiUrl: 'https://api.telegram.org' },
  app: { seed: 'sample' },
  targets: {},
};

// `up` on an exposed lab: Grafana's read-only account for the class, once Grafana is healthy.
import { ensureGrafanaViewer } from '../clients/grafana-users.js';
import type { Secrets } from '../config/secrets.js';
import { GRAFANA_VIEWER, withLogin } from '../stack/exposure.js';
import { labUrl } from '../stack/host-url.js';
import type { LoadedConfig } from './load-config.js';

/** The account's state, or why it could not be made (the lab is up all the same: said, not thrown). */
export async function classViewer(loaded: LoadedConfig, secrets: Secrets): Promise<{ made: 'created' | 'updated' } | { error: string }> {
  try {
    const admin = withLogin(labUrl(loaded.config, 'grafana'), { user: 'admin', password: secrets.grafanaPassword });
    return { made: await ensureGrafanaViewer(admin, { login: GRAFANA_VIEWER, password: secrets.grafanaViewerPassword }) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

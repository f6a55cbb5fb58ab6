// Placeholder until the alerting work lands: the files Prometheus and Alertmanager need for alerts.
// Contract: returns 'prometheus/alerts.yml' (rule file), 'alertmanager/alertmanager.yml' (mode 0o600,
// may hold the bot token) and any template files under 'alertmanager/'.
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import type { RenderedFile } from '../stack/rendered-file.js';

export function renderAlertFiles(_config: LabConfig, _secrets: Secrets): RenderedFile[] {
  return [
    { path: 'prometheus/alerts.yml', content: 'groups: []\n' },
    {
      path: 'alertmanager/alertmanager.yml',
      content: 'route:\n  receiver: none\nreceivers:\n  - name: none\n',
      mode: 0o600,
    },
  ];
}

// Doctor's check of an exposed lab: Prometheus and Alertmanager published where other machines
// reach them must ask for a login. Asked of them, not read from files: an older lab (made before
// the login), a hand-edited web config or compose file all show as an answer without a 401.
import { request } from '../clients/lab-http.js';
import { listContainers } from '../docker/containers.js';
import { isServiceName, serviceModule } from '../services/index.js';
import { reachableFromOthers } from '../stack/exposure.js';
import { localHost, urlHost } from '../stack/host-url.js';
import { LABEL } from '../stack/labels.js';
import { type CheckResult, ok, warn } from './check.js';

interface Guarded {
  service: string;
  where: string;
  /** The HTTP status of a request without the login; undefined when it did not answer. */
  status?: number;
}

export async function checkExposure(project: string): Promise<CheckResult> {
  const title = 'Exposed lab asks for a login';
  const checked: Guarded[] = [];
  for (const c of await listContainers([`${LABEL.project}=${project}`]).catch(() => [])) {
    const service = c.Labels?.[LABEL.service];
    if (c.State !== 'running' || !service || !isServiceName(service) || serviceModule(service).whenExposed !== 'web-login') continue;
    for (const p of c.Ports ?? []) {
      if (!p.PublicPort || !reachableFromOthers(p.IP ?? '')) continue;
      const where = `${p.IP || '0.0.0.0'}:${p.PublicPort}`;
      const answer = await request({ service, baseUrl: `http://${urlHost(localHost(p.IP ?? ''))}:${p.PublicPort}`, path: '/-/ready', timeoutMs: 3000 }).catch(
        () => undefined,
      );
      checked.push({ service, where, status: answer?.status });
    }
  }
  if (checked.length === 0) return ok('exposure', title, 'not exposed: Prometheus and Alertmanager are on this machine only');
  const open = checked.filter((g) => g.status !== undefined && g.status !== 401);
  if (open.length === 0) return ok('exposure', title, `${checked.map((g) => `${g.service} (${g.where})`).join(', ')}: a request without the login gets 401`);
  return warn(
    'exposure',
    title,
    `${open.map((g) => `${g.service} on ${g.where}`).join(', ')} answers without a login: anyone who reaches it can post alerts (to your Telegram), silence them, or write series`,
    '`o11y up --expose` again renders the login (user o11y, webPassword in the secrets file) and recreates them; `o11y up` alone publishes on 127.0.0.1 only.',
  );
}

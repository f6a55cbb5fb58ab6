// Grafana's read-only account for a class, through its HTTP API: file provisioning makes
// datasources and dashboards but no users, and GF_ settings make only the admin.
import { requestJson } from './lab-http.js';

export interface GrafanaAccount {
  login: string;
  password: string;
}

/**
 * Makes `viewer` a Viewer of the main organisation with that password: created when missing, its
 * password set again when it exists (the secrets file is the truth). `adminUrl` carries the
 * admin's login (userinfo); errors show it without.
 */
export async function ensureGrafanaViewer(adminUrl: string, viewer: GrafanaAccount): Promise<'created' | 'updated'> {
  const call = <T>(path: string, method = 'GET', body?: unknown) =>
    requestJson<T>({
      service: 'Grafana',
      baseUrl: adminUrl,
      path,
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      errorHint: '`o11y logs grafana` shows what it says; the admin password is grafanaPassword in the secrets file.',
    });
  const search = await call<{ users: Array<{ id: number; login: string }> }>(`/api/users/search?query=${encodeURIComponent(viewer.login)}&perpage=100`);
  const found = search.users.find((u) => u.login === viewer.login);
  let id: number;
  let outcome: 'created' | 'updated';
  if (found) {
    id = found.id;
    await call(`/api/admin/users/${id}/password`, 'PUT', { password: viewer.password });
    outcome = 'updated';
  } else {
    id = (await call<{ id: number }>('/api/admin/users', 'POST', { name: 'Class (read-only)', login: viewer.login, password: viewer.password, OrgId: 1 })).id;
    outcome = 'created';
  }
  // Read-only whatever Grafana's default role for new accounts is.
  await call(`/api/org/users/${id}`, 'PATCH', { role: 'Viewer' });
  return outcome;
}

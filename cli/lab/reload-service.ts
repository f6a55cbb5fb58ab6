// Applies changed config files to a running service that re-reads them on a signal (Prometheus,
// Alertmanager): the signal goes through the engine, then its own metrics must say it reloaded,
// and successfully, after the signal. A refused config leaves it running the previous one.
import { request } from '../clients/lab-http.js';
import { signalContainer } from '../docker/containers.js';
import { UserError } from '../errors.js';
import { type Login, withLogin } from '../stack/exposure.js';
import { urlHost } from '../stack/host-url.js';
import type { ServiceSpec } from '../stack/model.js';

const POLL_MS = 250;

/** `login`: the web login an exposed lab's Prometheus and Alertmanager ask for (ignored by one without it). */
export async function reloadService(service: ServiceSpec, id: string, login: Login | undefined, timeoutMs = 30_000): Promise<void> {
  const reload = service.reload;
  if (!reload) throw new Error(`${service.name} does not reload its config`);
  const read = () => reloadState(service, login);
  // Its own clock, not ours: the container's may differ (Docker Desktop's VM).
  const before = await read();
  await signalContainer(id, reload.signal);
  const signalled = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = await read().catch(() => undefined);
    if (now && now.time > before.time && now.success === 1) return;
    // Refused: it says so at once (a failure from before the signal counts once it persists).
    const refused = now?.success === 0 && (before.success === 1 || Date.now() - signalled > 3000);
    if (refused || Date.now() - signalled > timeoutMs) {
      throw new UserError(`${service.name} did not load its changed config files: it keeps running the previous ones.`, {
        code: 'O11Y_CONFIG_NOT_RELOADED',
        hint: `See why in \`o11y logs ${service.name}\`, correct it, then run \`o11y up\` again.`,
      });
    }
  }
}

/** The reload gauges from the service's /metrics on its published port. */
async function reloadState(service: ServiceSpec, login: Login | undefined): Promise<{ success: number; time: number }> {
  const reload = service.reload!;
  const port = service.ports[0]!;
  const baseUrl = withLogin(`http://${urlHost(port.hostIp)}:${port.host}`, login);
  const { text } = await request({ service: service.name, baseUrl, path: '/metrics' });
  return { success: gauge(text, reload.successMetric), time: gauge(text, reload.timeMetric) };
}

function gauge(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
}

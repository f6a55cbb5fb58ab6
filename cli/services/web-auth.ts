// The login Prometheus and Alertmanager ask for when the lab is exposed: their web config file
// (basic_auth_users with a bcrypt hash, read with --web.config.file: Prometheus >= 2.24,
// Alertmanager >= 0.22; ours are 2.54/0.27, Debian's 2.42/0.25), the client side that Prometheus
// and Grafana use to reach them (the password as a file copied into the container), and a health
// check that still works behind the login.
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import YAML from 'yaml';
import type { Secrets } from '../config/secrets.js';
import { isExposed, WEB_USER } from '../stack/exposure.js';
import { type HealthSpec, secretFilePath } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { healthCheck, httpHealthCheck } from './health-check.js';
import type { ServiceContext } from './service.js';

export const WEB_CONFIG_FILE = 'web.yml';
/** Where Prometheus and Grafana find the password they send (copied in at 0400 for their user). */
export const WEB_PASSWORD_FILE = secretFilePath('webPassword');
const BCRYPT_COST = 10;

/** Whether this lab's Prometheus and Alertmanager ask for the login. */
export function webAuthOn(ctx: Pick<ServiceContext, 'config'>): boolean {
  return isExposed(ctx.config.bindAddress);
}

/**
 * The bcrypt hash, with a salt derived from the password: the same password renders the same
 * file, so `up` does not recreate the container each run. The salt only defeats precomputed
 * tables; the password is 144 random bits, which no table covers.
 */
function bcryptHash(password: string): string {
  const seed = createHash('sha256').update(`o11y web config salt\n${password}`).digest();
  const salt = `$2b$${BCRYPT_COST}$${bcrypt.encodeBase64([...seed.subarray(0, 16)], 16)}`;
  return bcrypt.hashSync(password, salt);
}

/** `<service>/web.yml`: the one user and its hash (0644: the hash is all it holds, and the image's user must read it). */
export function renderWebConfig(service: string, secrets: Partial<Secrets>): RenderedFile {
  if (!secrets.webPassword) throw new Error('renderWebConfig: no webPassword in the secrets');
  const doc = new YAML.Document({ basic_auth_users: { [WEB_USER]: bcryptHash(secrets.webPassword) } });
  doc.commentBefore =
    ` Rendered by o11y: the lab is exposed, so ${service} asks for a login.\n` +
    ` User ${WEB_USER}; the password is webPassword in the lab's secrets file (never here: this is its bcrypt hash).`;
  return { path: `${service}/${WEB_CONFIG_FILE}`, content: doc.toString({ lineWidth: 0 }) };
}

/** The flag that makes the service read it, from the folder its config is mounted at. */
export function webConfigFlag(configDir: string): string {
  return `--web.config.file=${configDir}/${WEB_CONFIG_FILE}`;
}

/** A Prometheus http_config `basic_auth` (scrapes, alerting) with the password read from its file. */
export function clientBasicAuth(): { username: string; password_file: string } {
  return { username: WEB_USER, password_file: WEB_PASSWORD_FILE };
}

/**
 * Behind the login every path answers 401 to a request without it (exporter-toolkit exempts none,
 * /-/ready included), and a password on the health check's command line would show in `docker
 * inspect` and `ps`. So the check is that the server answers and asks for the login: busybox's
 * wget says "401 Unauthorized" and sh's pipe reads it (both in the official busybox images).
 */
export function loginHealthCheck(port: number, urlPath: string): HealthSpec {
  return healthCheck(['sh', '-c', `wget -q -O /dev/null http://127.0.0.1:${port}${urlPath} 2>&1 | grep -q '401 Unauthorized'`]);
}

/** Its usual health check, or the one behind the login. */
export function webHealthCheck(ctx: Pick<ServiceContext, 'config'>, port: number, urlPath: string): HealthSpec {
  return webAuthOn(ctx) ? loginHealthCheck(port, urlPath) : httpHealthCheck(port, urlPath);
}

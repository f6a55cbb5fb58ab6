// The stack description as a compose project (`o11y render`): same services, images, ports,
// env, mounts and health checks as `o11y up` creates, with secrets in a 0600 .env file.
import YAML from 'yaml';
import type { Secrets } from '../config/secrets.js';
import { type HealthSpec, type MountSpec, secretFilePath, type ServiceSpec, type StackSpec } from '../stack/model.js';
import type { RenderedFile } from '../stack/rendered-file.js';
import { composeEnv, secretVariable } from '../stack/secret-env.js';
import { LABEL, secretsId } from '../stack/labels.js';

const duration = (ms: number) => `${ms / 1000}s`;

function composeHealth(h: HealthSpec) {
  return { test: h.test, interval: duration(h.intervalMs), timeout: duration(h.timeoutMs), start_period: duration(h.startPeriodMs), retries: h.retries };
}

function composeVolume(m: MountSpec): string {
  if (m.kind === 'volume') return `${m.name}:${m.target}`;
  const source = m.kind === 'state' ? `./${m.source}` : m.source;
  return `${source}:${m.target}${m.readOnly ? ':ro' : ''}`;
}

/** Compose's short port syntax takes an IPv6 host in brackets. */
function composeHost(ip: string): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]` : ip;
}

function composeService(s: ServiceSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { image: s.image };
  // `$` is compose's interpolation: written as `$$` it reaches the container as `$`.
  if (s.command) out.command = s.command.map((arg) => arg.replace(/\$/g, '$$$$'));
  if (s.user) out.user = s.user;
  if (s.privileged) out.privileged = true;
  if (s.devices?.length) out.devices = s.devices;
  if (s.extraHosts?.length) out.extra_hosts = s.extraHosts;
  if (Object.keys(s.env).length) out.environment = Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, composeEnv(v)]));
  out.ports = s.ports.map((p) => `${composeHost(p.hostIp)}:${p.host}:${p.container}`);
  if (s.mounts.length) out.volumes = s.mounts.map(composeVolume);
  // Compose has no copy-in step: its secrets (from .env) land at the same /run/secrets path.
  if (s.secretFiles?.length)
    out.secrets = s.secretFiles.map((name) => ({
      source: secretVariable(name),
      target: secretFilePath(name),
      uid: String(s.secretReader.uid),
      gid: String(s.secretReader.gid),
      mode: 0o400,
    }));
  out.healthcheck = composeHealth(s.health);
  if (s.dependsOn.length) out.depends_on = Object.fromEntries(s.dependsOn.map((d) => [d, { condition: 'service_healthy' }]));
  out.restart = 'unless-stopped';
  return out;
}

/** compose.yaml plus its .env (project name and secrets, mode 0600). Paths are relative to the output folder. */
export function renderCompose(stack: StackSpec, secrets: Secrets): RenderedFile[] {
  const doc = new YAML.Document({
    services: Object.fromEntries(stack.services.map((s) => [s.name, composeService(s)])),
    // Labelled as `up` labels its volumes, so `up` with other secrets refuses to take this data over.
    volumes: Object.fromEntries(stack.volumes.map((v) => [v, { labels: { [LABEL.project]: stack.project, [LABEL.secretsId]: secretsId(secrets) } }])),
  });
  // Short lists (health check, command) read better on one line.
  YAML.visit(doc, {
    Pair(_, pair) {
      const key = String((pair.key as YAML.Scalar | null)?.value ?? '');
      if ((key === 'test' || key === 'command') && YAML.isSeq(pair.value)) pair.value.flow = true;
    },
  });
  doc.commentBefore =
    ` The o11y lab "${stack.project}" as a compose project, rendered by \`o11y render\`.\n` +
    ' Run it with `docker compose up -d` in this folder (secrets are in .env, mode 0600).\n' +
    ' `o11y up` creates the same containers directly; edit o11y.yaml, not this file.';
  const used = new Set<keyof Secrets>();
  for (const s of stack.services) for (const v of Object.values(s.env)) if (typeof v !== 'string') used.add(v.secret);
  const byFile = [...new Set(stack.services.flatMap((s) => s.secretFiles ?? []))];
  for (const name of byFile) used.add(name);
  if (byFile.length) doc.set('secrets', Object.fromEntries(byFile.map((name) => [secretVariable(name), { environment: secretVariable(name) }])));
  const env = [
    '# Project name and secrets for compose.yaml; never commit this file.',
    `COMPOSE_PROJECT_NAME=${stack.project}`,
    ...[...used].sort().map((name) => `${secretVariable(name)}=${secrets[name] ?? ''}`),
  ];
  return [
    { path: 'compose.yaml', content: doc.toString({ lineWidth: 0 }) },
    { path: '.env', content: env.join('\n') + '\n', mode: 0o600 },
  ];
}

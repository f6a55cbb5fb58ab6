// The stack description as dockerode container-create options, and the hash that tells
// `up` whether an existing container still matches what the config asks for.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Secrets } from '../config/secrets.js';
import { LABEL, secretsId } from '../stack/labels.js';
import { containerName, volumeName, type ServiceSpec, type StackSpec } from '../stack/model.js';
import { namedSecretFiles, resolveEnv, type ContainerSecretFile } from '../stack/secret-env.js';

const nanos = (ms: number) => ms * 1_000_000;

function binds(stack: StackSpec, s: ServiceSpec, stateDir: string): string[] {
  return s.mounts.map((m) => {
    if (m.kind === 'volume') return `${volumeName(stack.project, m.name)}:${m.target}`;
    const source = m.kind === 'state' ? path.join(stateDir, m.source) : m.source;
    return `${source}:${m.target}${m.readOnly ? ':ro' : ''}`;
  });
}

/** Create options without labels: exactly what the config determines. */
function baseOptions(stack: StackSpec, s: ServiceSpec, stateDir: string, env: string[]): Docker.ContainerCreateOptions {
  const exposed = Object.fromEntries(s.ports.map((p) => [`${p.container}/tcp`, {}]));
  const bindings = Object.fromEntries(s.ports.map((p) => [`${p.container}/tcp`, [{ HostIp: p.hostIp, HostPort: String(p.host) }]]));
  return {
    name: containerName(stack.project, s.name),
    Image: s.image,
    ...(s.command ? { Cmd: s.command } : {}),
    ...(s.user ? { User: s.user } : {}),
    Env: env,
    ExposedPorts: exposed,
    Healthcheck: {
      Test: s.health.test,
      Interval: nanos(s.health.intervalMs),
      Timeout: nanos(s.health.timeoutMs),
      StartPeriod: nanos(s.health.startPeriodMs),
      Retries: s.health.retries,
    },
    HostConfig: {
      PortBindings: bindings,
      Binds: binds(stack, s, stateDir),
      RestartPolicy: { Name: 'unless-stopped' },
      ...(s.privileged ? { Privileged: true } : {}),
      ...(s.devices?.length ? { Devices: s.devices.map((d) => ({ PathOnHost: d, PathInContainer: d, CgroupPermissions: 'rwm' })) } : {}),
      ...(s.extraHosts?.length ? { ExtraHosts: s.extraHosts } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [stack.network]: { Aliases: [s.name] } } },
  };
}

export interface ContainerPlan {
  service: ServiceSpec;
  options: Docker.ContainerCreateOptions;
  /** Copied into the container after it is created, before it starts (0400, owned by its reader). */
  secretFiles: Array<ContainerSecretFile & { uid: number; gid: number }>;
  hash: string;
}

export function containerPlan(stack: StackSpec, s: ServiceSpec, stateDir: string, secrets: Secrets): ContainerPlan {
  const resolved = resolveEnv(s.env, secrets);
  const env = resolved.env;
  const named = namedSecretFiles(s.secretFiles ?? [], secrets).filter((f) => !resolved.files.some((r) => r.path === f.path));
  const files = [...resolved.files, ...named];
  const base = baseOptions(stack, s, stateDir, env);
  // The mounted files' content counts too: a changed prometheus.yml recreates Prometheus. So do
  // the secret files' (hashed with the rest; the label holds 16 hex digits of a sha256, not them).
  const hash = createHash('sha256').update(JSON.stringify(base)).update(s.filesHash).update(JSON.stringify(files)).digest('hex').slice(0, 16);
  const options = {
    ...base,
    Labels: {
      [LABEL.project]: stack.project,
      [LABEL.service]: s.name,
      [LABEL.configHash]: hash,
      [LABEL.stateDir]: path.resolve(stateDir),
      [LABEL.secretsId]: secretsId(secrets),
    },
  };
  return { service: s, options, secretFiles: files.map((f) => ({ ...f, ...s.secretReader })), hash };
}

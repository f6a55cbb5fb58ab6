// Environment values that hold secrets: files for dockerode, `${VAR}` references for compose.
import type { Secrets } from '../config/secrets.js';
import { secretFilePath, type EnvValue } from './model.js';

/** The compose variable (kept in the 0600 .env next to the compose file) for a secret. */
export function secretVariable(name: keyof Secrets): string {
  return 'O11Y_' + name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

/** A secret file to copy into a container. */
export interface ContainerSecretFile {
  path: string;
  content: string;
}

/**
 * The environment for dockerode: values inline, secrets the image reads from files as
 * `<fileVariable>=<path>` plus the files to copy in (never the value itself).
 */
export function resolveEnv(env: Record<string, EnvValue>, secrets: Secrets): { env: string[]; files: ContainerSecretFile[] } {
  const out: string[] = [];
  const files: ContainerSecretFile[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') out.push(`${name}=${value}`);
    else {
      const file = secretFilePath(value.secret);
      out.push(`${value.fileVariable}=${file}`);
      files.push({ path: file, content: secrets[value.secret] ?? '' });
    }
  }
  return { env: out, files };
}

/** The secrets a service's config names by file (ContainerSpec.secretFiles), as files to copy in. */
export function namedSecretFiles(names: ReadonlyArray<keyof Secrets>, secrets: Secrets): ContainerSecretFile[] {
  return names.map((name) => ({ path: secretFilePath(name), content: secrets[name] ?? '' }));
}

export function composeEnv(value: EnvValue): string {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  return '${' + secretVariable(value.secret) + '}';
}

// Environment values that hold secrets: resolved for dockerode, `${VAR}` references for compose.
import type { Secrets } from '../config/secrets.js';
import type { EnvValue } from './model.js';

/** The compose variable (kept in the 0600 .env next to the compose file) for a secret. */
export function secretVariable(name: keyof Secrets): string {
  return 'O11Y_' + name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

export function resolveEnv(value: EnvValue, secrets: Secrets): string {
  if (typeof value === 'string') return value;
  return (value.prefix ?? '') + (secrets[value.secret] ?? '') + (value.suffix ?? '');
}

export function composeEnv(value: EnvValue): string {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  return (value.prefix ?? '') + '${' + secretVariable(value.secret) + '}' + (value.suffix ?? '');
}

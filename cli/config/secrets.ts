// The secrets file (<stateDir>/secrets.yaml, mode 0600, git-ignored): generated passwords
// and the Telegram token. Read only where needed; never printed (see output.redact).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UserError } from '../errors.js';
import { handTreeToUser } from '../sudo-owner.js';

export interface Secrets {
  postgresPassword: string;
  grafanaPassword: string;
  /** Protects the app's chaos endpoint. */
  chaosToken: string;
  /** Prometheus' and Alertmanager's login (user `o11y`) when the lab is exposed (cli/stack/exposure.ts). */
  webPassword: string;
  /** Grafana's read-only account for a class (user `viewer`), made when the lab is exposed. */
  grafanaViewerPassword: string;
  telegramBotToken?: string;
}

export const SECRETS_FILE = 'secrets.yaml';

export function secretsPath(stateDir: string): string {
  return path.join(stateDir, SECRETS_FILE);
}

function generate(): string {
  return randomBytes(18).toString('base64url');
}

export function readSecrets(stateDir: string): Partial<Secrets> {
  const file = secretsPath(stateDir);
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code} (left by an earlier \`sudo o11y\` or a run as root?).`, {
      code: 'O11Y_STATE_NOT_YOURS',
      hint: `Give the state folder back to yourself: sudo chown -R ${process.getuid?.() ?? '$(id -u)'}:${process.getgid?.() ?? '$(id -g)'} ${path.resolve(stateDir)}`,
      cause: err,
    });
  }
  try {
    return (YAML.parse(text) ?? {}) as Partial<Secrets>;
  } catch (err) {
    throw new UserError(`${file} is not valid YAML: ${(err as Error).message}`, {
      code: 'O11Y_SECRETS_INVALID',
      hint: 'Fix it by hand; deleting it makes new passwords that the existing database volume will not accept.',
    });
  }
}

/** Reads the secrets, generating any that are missing (existing ones are kept), and saves them 0600. */
export function ensureSecrets(stateDir: string, updates: Partial<Secrets> = {}): Secrets {
  const current = readSecrets(stateDir);
  const secrets: Secrets = {
    postgresPassword: current.postgresPassword || generate(),
    grafanaPassword: current.grafanaPassword || generate(),
    chaosToken: current.chaosToken || generate(),
    webPassword: current.webPassword || generate(),
    grafanaViewerPassword: current.grafanaViewerPassword || generate(),
    ...(current.telegramBotToken ? { telegramBotToken: current.telegramBotToken } : {}),
    ...updates,
  };
  if (JSON.stringify(secrets) !== JSON.stringify(current)) writeSecrets(stateDir, secrets);
  return secrets;
}

function writeSecrets(stateDir: string, secrets: Secrets): void {
  ensureStateDir(stateDir);
  const file = secretsPath(stateDir);
  writeFileSync(file, '# o11y-lab secrets: generated, never commit this file.\n' + YAML.stringify(secrets), { mode: 0o600 });
  chmodSync(file, 0o600);
  // Under sudo: 0600 and root's, the user's next run could not read its own passwords.
  handTreeToUser(file);
}

/** Creates the state folder with a .gitignore that ignores everything in it. */
export function ensureStateDir(stateDir: string): void {
  if (!existsSync(stateDir)) {
    mkdirSync(stateDir, { recursive: true });
    handTreeToUser(stateDir);
  }
  const ignore = path.join(stateDir, '.gitignore');
  if (!existsSync(ignore)) {
    writeFileSync(ignore, '# o11y-lab state: rendered files, secrets, logs.\n*\n');
    handTreeToUser(ignore);
  }
}

/** The secrets file's mode when other users may read or write it (it should be 0600); undefined when it is private or absent. */
export function looseSecretsMode(stateDir: string): number | undefined {
  const file = secretsPath(stateDir);
  if (!existsSync(file)) return undefined;
  const mode = statSync(file).mode & 0o777;
  return mode & 0o077 ? mode : undefined;
}

/** Makes a secrets file that others could read 0600 again; returns the mode it had, or undefined when it was fine. */
export function tightenSecrets(stateDir: string): number | undefined {
  const loose = looseSecretsMode(stateDir);
  if (loose !== undefined) chmodSync(secretsPath(stateDir), 0o600);
  return loose;
}

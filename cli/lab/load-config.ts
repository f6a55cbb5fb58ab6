// Config flows one way: defaults, then o11y.yaml, then O11Y_* environment; validated once.
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UserError } from '../errors.js';
import { isPrometheusDuration } from '../units.js';
import type { LabConfig } from '../config/schema.js';
import { DEFAULT_CONFIG, LAB_NAMES, SERVICE_NAMES, enabledServices, type ServiceName } from '../services/index.js';
import { checkTargetName, metricsUrl } from '../targets/target-address.js';

export const CONFIG_FILE = 'o11y.yaml';

export interface LoadedConfig {
  config: LabConfig;
  /** Absolute path of o11y.yaml (it may not exist yet). */
  configPath: string;
  /** True when o11y.yaml was found and read. */
  fromFile: boolean;
  /** Absolute state folder: rendered files, secrets, logs. */
  stateDir: string;
}

export interface LoadOptions {
  cwd?: string;
  /** Explicit config file (--config); otherwise ./o11y.yaml. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** `o11y init` reads a broken file to repair it; it validates before writing. */
  skipValidation?: boolean;
  /** Called for each unknown setting instead of failing (`down` must work with a broken file; `init` drops them). */
  onUnknown?: (setting: string) => void;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const configPath = path.resolve(cwd, options.configPath ?? env.O11Y_CONFIG ?? CONFIG_FILE);
  let fileValues: unknown = {};
  const fromFile = existsSync(configPath);
  if (fromFile) {
    try {
      fileValues = YAML.parse(readFileSync(configPath, 'utf8')) ?? {};
    } catch (err) {
      throw new UserError(`${configPath} is not valid YAML: ${(err as Error).message}`, {
        code: 'O11Y_CONFIG_INVALID',
        hint: 'Fix the file, or move it away and run `o11y init` to write a fresh one.',
      });
    }
  } else if (options.configPath) {
    throw new UserError(`Config file ${configPath} does not exist.`, { code: 'O11Y_CONFIG_MISSING', hint: 'Run `o11y init` to create it.' });
  }
  const merged = deepMerge(structuredClone(DEFAULT_CONFIG), fileValues, configPath, '', options.onUnknown) as LabConfig;
  applyEnv(merged, env);
  if (!options.skipValidation) validateConfig(merged, configPath);
  return { config: merged, configPath, fromFile, stateDir: path.resolve(path.dirname(configPath), merged.stateDir) };
}

/** O11Y_IMAGE_<SERVICE> (dashes as underscores) overrides the image of one service. */
export function imageEnvName(service: ServiceName): string {
  return `O11Y_IMAGE_${service.toUpperCase().replace(/-/g, '_')}`;
}

function applyEnv(config: LabConfig, env: NodeJS.ProcessEnv): void {
  for (const service of SERVICE_NAMES) {
    const value = env[imageEnvName(service)];
    if (value) config.images[service] = value;
  }
  if (env.O11Y_PROJECT) config.project = env.O11Y_PROJECT;
  if (env.O11Y_BIND_ADDRESS) config.bindAddress = env.O11Y_BIND_ADDRESS;
}

function deepMerge(base: unknown, over: unknown, file: string, at = '', onUnknown?: (setting: string) => void): unknown {
  if (over === undefined || over === null) return base;
  if (isPlainObject(base)) {
    if (!isPlainObject(over)) throw new UserError(`${file}: "${at || 'top level'}" must be a mapping.`, { code: 'O11Y_CONFIG_INVALID' });
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      const where = at ? `${at}.${key}` : key;
      if (!(key in base) && !isOpenMap(at)) {
        if (onUnknown) {
          onUnknown(where);
          continue;
        }
        const near = closest(key, Object.keys(base));
        throw new UserError(`${file}: unknown setting "${where}".`, {
          code: 'O11Y_CONFIG_INVALID',
          hint: near
            ? `Did you mean "${at ? `${at}.${near}` : near}"?`
            : 'Check the spelling; `o11y init --yes` drops settings it does not know and writes every known one.',
        });
      }
      out[key] = key in base ? deepMerge(base[key], value, file, where, onUnknown) : value;
    }
    return out;
  }
  return over;
}

// Maps whose keys are not fixed by the defaults.
function isOpenMap(at: string): boolean {
  return at === 'images' || at === 'telegram' || at === 'targets';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Prometheus reads these, so they follow its grammar: whole numbers, largest unit first.
const DURATION_RULE = 'must be a Prometheus duration: whole numbers with ms, s, m, h or d, largest first';

/** Throws a UserError naming the first bad setting of `file`. */
export function validateConfig(c: LabConfig, file: string): void {
  const fail = (key: string, why: string): never => {
    throw new UserError(`${file}: ${key} ${why}.`, { code: 'O11Y_CONFIG_INVALID' });
  };
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(c.project)) fail('project', 'must be lowercase letters, digits, "-" or "_"');
  for (const [key, port] of Object.entries(c.ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`ports.${key}`, 'must be a port number 1-65535');
  }
  // Two services on one host port would fail halfway through `up` with a misleading "in use".
  const on = new Set(enabledServices(c).map((s) => s.port.key));
  const published = Object.entries(c.ports).filter(([key]) => on.has(key));
  for (const [key, port] of published) {
    const other = published.find(([k, p]) => k !== key && p === port);
    if (other) fail(`ports.${key}`, `is ${port}, the same as ports.${other[0]}: give each service its own port`);
  }
  // Docker publishes on any address it cannot parse as an IP as if it were 0.0.0.0.
  if (net.isIP(c.bindAddress) === 0) fail('bindAddress', `is "${c.bindAddress}": it must be an IP address (127.0.0.1, ::1, 0.0.0.0), not a host name`);
  if (!Array.isArray(c.exposeAlso)) fail('exposeAlso', 'must be a list of service names (exposeAlso: [postgres])');
  for (const name of c.exposeAlso) {
    if (!(SERVICE_NAMES as readonly string[]).includes(name)) fail('exposeAlso', `names "${name}", which is not a service (${SERVICE_NAMES.join(', ')})`);
  }
  for (const key of Object.keys(c.images)) {
    if (!(SERVICE_NAMES as readonly string[]).includes(key)) fail(`images.${key}`, `is not a service (${SERVICE_NAMES.join(', ')})`);
  }
  if (typeof c.localImages !== 'boolean') fail('localImages', 'must be true or false');
  for (const key of ['scrapeInterval', 'evaluationInterval'] as const) {
    if (!isPrometheusDuration(c[key])) fail(key, `${DURATION_RULE} (5s, 1m)`);
  }
  for (const [name, rule] of Object.entries(c.alerts)) {
    if (typeof rule.threshold !== 'number' || !(rule.threshold > 0)) fail(`alerts.${name}.threshold`, 'must be a positive number');
    if (!isPrometheusDuration(rule.window)) fail(`alerts.${name}.window`, `${DURATION_RULE} (30s, 1m, 1m30s)`);
    if (!isPrometheusDuration(rule.for)) fail(`alerts.${name}.for`, `${DURATION_RULE} (15s, 1m)`);
  }
  if (c.telegram.chatId !== undefined && !Number.isInteger(c.telegram.chatId)) {
    fail('telegram.chatId', 'must be a whole number (channels start with -100)');
  }
  if (!['sample', 'large', 'none'].includes(c.app.seed)) fail('app.seed', 'must be sample, large or none');
  for (const [name, target] of Object.entries(c.targets as Record<string, unknown>)) validateTarget(name, target, fail);
}

/** One entry of `targets:` (written by `o11y target add`, perhaps edited by hand). */
function validateTarget(name: string, target: unknown, fail: (key: string, why: string) => never): void {
  if (!isPlainObject(target) || typeof target.url !== 'string') fail(`targets.${name}`, 'must be a mapping with a url (`o11y target add NAME URL` writes one)');
  const other = Object.keys(target).find((k) => k !== 'url');
  if (other) fail(`targets.${name}.${other}`, 'is not a setting of a target (a target has a url)');
  try {
    checkTargetName(name, { lab: LAB_NAMES, targets: [] });
    metricsUrl(target.url);
  } catch (err) {
    if (err instanceof UserError) fail(`targets.${name}`, `is not usable: ${err.message} ${err.hint ?? ''}`.trim().replace(/\.$/, ''));
    throw err;
  }
}

/** True when `a` is within two edits of `b` (case aside). */
export function closeTo(a: string, b: string): boolean {
  return editDistance(a, b) <= 2;
}

/** The known key within two edits of a misspelt one (commander does the same for commands). */
function closest(key: string, known: string[]): string | undefined {
  const best = known.map((k) => ({ k, d: editDistance(key, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.k : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length];
}

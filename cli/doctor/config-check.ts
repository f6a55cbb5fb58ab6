// The first doctor check: does o11y.yaml load? When it does not, the other checks run on the defaults.
import path from 'node:path';
import { CONFIG_FILE, loadConfig, type LoadedConfig, type LoadOptions } from '../lab/load-config.js';
import { DEFAULT_CONFIG } from '../services/index.js';
import { isUserError } from '../errors.js';
import { type CheckResult, fail, ok } from './check.js';

export interface ConfigCheck {
  result: CheckResult;
  /** The loaded config, or the defaults when it does not load. */
  loaded: LoadedConfig;
}

const TITLE = 'Config valid';

export function checkConfig(options: LoadOptions = {}): ConfigCheck {
  try {
    const loaded = loadConfig(options);
    const where = path.relative(options.cwd ?? process.cwd(), loaded.configPath) || loaded.configPath;
    const detail = loaded.fromFile ? `${where} loads` : `no ${where}: the defaults apply (\`o11y init\` writes the file)`;
    return { result: ok('config', TITLE, detail), loaded };
  } catch (err) {
    if (!isUserError(err)) throw err;
    const loaded = defaultsFor(options);
    const fix = err.hint ?? `Correct that setting in ${loaded.configPath}, or run \`o11y init\`, which asks for each setting and writes a valid file.`;
    // A YAML error goes on with a snippet of the file; its first line says enough here.
    const what = err.message.split('\n')[0].replace(/[.:]\s*$/, '');
    return { result: fail('config', TITLE, `${what}; the checks below use the defaults`, fix), loaded };
  }
}

/** What loadConfig would return for an empty o11y.yaml in the same place. */
function defaultsFor(options: LoadOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const configPath = path.resolve(options.cwd ?? process.cwd(), options.configPath ?? env.O11Y_CONFIG ?? CONFIG_FILE);
  const config = structuredClone(DEFAULT_CONFIG);
  return { config, configPath, fromFile: false, stateDir: path.resolve(path.dirname(configPath), config.stateDir) };
}

// `o11y target rm`: out of o11y.yaml, then out of the running lab's Prometheus (a reload). A
// target that no longer validates (a hand edit, a name the lab took since) can still be removed.
import { removeTarget } from '../config/edit-config.js';
import { UserError } from '../errors.js';
import { applyToPrometheus } from './apply-targets.js';
import { loadConfig, type LoadedConfig } from './load-config.js';
import { runningLab } from './running-lab.js';
import type { ServiceAction } from './up-stack.js';

/** Resolves to what `up` did to Prometheus, or undefined when the lab is not running. */
export async function removeTargetFromLab(configPath: string | undefined, name: string): Promise<ServiceAction | 'not running'> {
  const raw = loadConfig({ configPath, skipValidation: true });
  if (!raw.fromFile)
    throw new UserError(`There is no ${raw.configPath}: targets are saved in it.`, {
      code: 'O11Y_CONFIG_MISSING',
      hint: 'Run `o11y up` (or `o11y init`) here first.',
    });
  const names = Object.keys(raw.config.targets ?? {});
  if (!names.includes(name))
    throw new UserError(`There is no target "${name}".`, {
      code: 'O11Y_NAME_UNKNOWN',
      hint: names.length ? `The targets are: ${names.join(', ')}.` : 'There are no targets; `o11y target add` adds one.',
    });
  removeTarget(raw.configPath, name);
  // The rest of o11y.yaml must hold now: anything else wrong is said as usual.
  const loaded: LoadedConfig = loadConfig({ configPath });
  const running = await runningLab(loaded.config.project);
  if (!running?.services.includes('prometheus')) return 'not running';
  return (await applyToPrometheus(loaded, loaded.config, running.localImages)) ?? 'unchanged';
}

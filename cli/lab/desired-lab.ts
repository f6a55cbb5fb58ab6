// What `up` wants the engine to hold: the services it manages (those asked for and what they
// depend on), each with its container's create options and config hash. Pure: no engine, no files.
import type { Secrets } from '../config/secrets.js';
import { UserError } from '../errors.js';
import type { ServiceName } from '../services/index.js';
import { secretsId } from '../stack/labels.js';
import type { ServiceSpec, StackSpec } from '../stack/model.js';
import { containerPlan, type ContainerPlan } from './container-spec.js';

export interface DesiredLab {
  stack: StackSpec;
  stateDir: string;
  secretsId: string;
  /** The services this run manages, in stack order, with their containers. */
  services: ContainerPlan[];
  /** Only some services were asked for: the others (and orphans) are left alone. */
  partial: boolean;
}

export function desiredLab(stack: StackSpec, stateDir: string, secrets: Secrets, only?: ServiceName[]): DesiredLab {
  const targets = only?.length ? withDependencies(stack, only) : stack.services;
  return {
    stack,
    stateDir,
    secretsId: secretsId(secrets),
    services: targets.map((s) => containerPlan(stack, s, stateDir, secrets)),
    partial: Boolean(only?.length),
  };
}

function withDependencies(stack: StackSpec, names: ServiceName[]): ServiceSpec[] {
  const wanted = new Set<ServiceName>();
  const add = (n: ServiceName) => {
    const s = stack.services.find((x) => x.name === n);
    if (!s) throw new UserError(`Service "${n}" is not part of this stack (${stack.services.map((x) => x.name).join(', ')}).`, { code: 'O11Y_NAME_UNKNOWN' });
    if (wanted.has(n)) return;
    wanted.add(n);
    s.dependsOn.forEach(add);
  };
  names.forEach(add);
  return stack.services.filter((s) => wanted.has(s.name));
}

// The services a user names on the command line (`up --services`, `logs <service...>`), checked against the stack.
import { SERVICE_NAMES, type ServiceName } from '../services/index.js';
import { UserError } from '../errors.js';

/** "app, prometheus" to ['app', 'prometheus']; undefined for an empty list; a UserError for an unknown name. */
export function parseServices(list: string | undefined): ServiceName[] | undefined {
  if (!list) return undefined;
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(n))
      throw new UserError(`Unknown service "${n}".`, { code: 'O11Y_NAME_UNKNOWN', hint: `Services: ${SERVICE_NAMES.join(', ')}.` });
  }
  return names as ServiceName[];
}

// `up` with the secrets file gone: the lab's data was made with the passwords it held, and new
// ones would lock the app out of its database. Refused before anything is written, so a retry
// does not find a secrets file of new passwords and keep refusing (seen in a trial).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { secretsPath, tightenSecrets } from '../config/secrets.js';
import { listVolumesWithLabels } from '../docker/volumes.js';
import { UserError } from '../errors.js';
import { LABEL } from '../stack/labels.js';

export async function refuseLostSecrets(project: string, stateDir: string): Promise<void> {
  const file = secretsPath(stateDir);
  if (existsSync(file)) return;
  const marked = (await listVolumesWithLabels([`${LABEL.project}=${project}`])).filter((v) => v.labels[LABEL.secretsId]);
  if (marked.length === 0) return;
  const from = marked.find((v) => v.labels[LABEL.stateDir])?.labels[LABEL.stateDir];
  const names = marked.map((v) => v.name).join(', ');
  if (from && path.resolve(from) !== path.resolve(stateDir)) {
    const folder = path.basename(from) === '.o11y' ? path.dirname(from) : from;
    throw new UserError(`The lab "${project}" belongs to ${folder}, where its secrets file is; this folder has none. Nothing was written.`, {
      code: 'O11Y_SECRETS_LOST',
      hint: `Run o11y in ${folder}; or give this folder its own lab: \`o11y init --yes --project <name>\` with other ports.`,
    });
  }
  throw new UserError(
    `The secrets file of the lab "${project}" is gone (${file}), but its data (${names}) was made with the passwords it held: new ones would lock the app out of its database. Nothing was written.`,
    {
      code: 'O11Y_SECRETS_LOST',
      hint:
        `Put secrets.yaml back in ${stateDir} (from a backup or another copy of this folder), then \`o11y up\`. ` +
        'Without it that data cannot be opened: `o11y down --volumes` deletes it, and the next `o11y up` starts afresh with new passwords.',
    },
  );
}

/** `up`'s first look at the secrets file: refused when lost (above); made 0600 again when others could read it (the mode it had). */
export async function guardSecrets(project: string, stateDir: string): Promise<{ file: string; loosened?: number }> {
  await refuseLostSecrets(project, stateDir);
  const loosened = tightenSecrets(stateDir);
  return { file: secretsPath(stateDir), ...(loosened !== undefined ? { loosened } : {}) };
}

// Before `up` starts a service on its data volume: the data's version against the image's
// (PostgreSQL's major). A PostgreSQL of another major skips init on a data folder it cannot open
// and restarts unhealthy forever; so `up` refuses before touching anything, saying both versions
// and the ways out.
import { imageEnv } from '../docker/images.js';
import { readVolumeFile } from '../docker/volumes.js';
import { UserError } from '../errors.js';
import { serviceModule } from '../services/index.js';
import { LABEL } from '../stack/labels.js';
import { volumeName, type ServiceSpec } from '../stack/model.js';

/** Throws a UserError when a service's image cannot run the lab or cannot open its volume's data. */
export async function checkDataVersions(project: string, services: ServiceSpec[]): Promise<void> {
  for (const s of services) {
    const guard = serviceModule(s.name).dataVersion;
    if (!guard || !s.mounts.some((m) => m.kind === 'volume' && m.name === guard.volume)) continue;
    const env = await imageEnv(s.image);
    const wanted = guard.imageVersion({ ref: s.image, env: env ?? [] });
    if (!wanted) continue; // an image that says nothing of its version: nothing to compare
    const unsupported = guard.unsupported?.(wanted, s.image);
    if (unsupported) throw new UserError(unsupported.message, { code: 'O11Y_DATA_VERSION_MISMATCH', hint: unsupported.hint });
    const volume = volumeName(project, guard.volume);
    // Not labelled as part of the lab: `up` would take the probe for an orphan service.
    const found = (await readVolumeFile(volume, guard.file, s.image, { [LABEL.probe]: project }))?.trim();
    if (found && found !== wanted) {
      const { message, hint } = guard.mismatch({ found, wanted, ref: s.image, volume });
      throw new UserError(message, { code: 'O11Y_DATA_VERSION_MISMATCH', hint });
    }
  }
}

// Which images `up` finds present, pulls, or cannot get (a local build not made, a pull
// forbidden): decided once, here, from what the engine holds and the pull policy. The plan
// (`up --dry-run`) prints these steps and `pullPlannedImages` carries out the same ones.
import { LOCAL_REPO_PREFIX } from '../images/recipes.js';
import type { ServiceName } from '../services/index.js';
import type { ImageAction, PullPolicy } from './up-plan.js';

export interface WantedImage {
  service: ServiceName;
  ref: string;
  /** The engine holds this ref now. */
  present: boolean;
}

export function planImages(wanted: WantedImage[], pull: PullPolicy): Array<{ ref: string; services: ServiceName[]; action: ImageAction }> {
  const byRef = new Map<string, { ref: string; services: ServiceName[]; present: boolean }>();
  for (const w of wanted) {
    const entry = byRef.get(w.ref) ?? { ref: w.ref, services: [], present: w.present };
    entry.services.push(w.service);
    byRef.set(w.ref, entry);
  }
  return [...byRef.values()].map(({ ref, services, present }) => {
    // A local build is in no registry: never pulled, whatever the policy (asking would send its name out).
    const local = ref.startsWith(`${LOCAL_REPO_PREFIX}/`);
    const action: ImageAction = local ? (present ? 'present' : 'build') : present && pull !== 'always' ? 'present' : pull === 'never' ? 'missing' : 'pull';
    return { ref, services, action };
  });
}

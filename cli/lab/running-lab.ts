// What of this project already runs on the engine, for commands that should follow it (`render`)
// rather than what o11y.yaml would start. No engine, or none reachable: nothing runs.
import { ensureDockerReachable } from '../docker/client.js';
import { listContainers } from '../docker/containers.js';
import { LOCAL_REPO_PREFIX } from '../images/recipes.js';
import { LABEL } from '../stack/labels.js';

export interface RunningLab {
  /** Services with a running container. */
  services: string[];
  /** Whether those containers run images built by `o11y images build`. */
  localImages: boolean;
}

export async function runningLab(project: string): Promise<RunningLab | undefined> {
  try {
    await ensureDockerReachable(undefined, 2000);
  } catch {
    return undefined;
  }
  const running = (await listContainers([`${LABEL.project}=${project}`])).filter((c) => c.State === 'running' && c.Labels[LABEL.service]);
  if (running.length === 0) return undefined;
  return { services: running.map((c) => c.Labels[LABEL.service]), localImages: running.some((c) => c.Image.startsWith(`${LOCAL_REPO_PREFIX}/`)) };
}

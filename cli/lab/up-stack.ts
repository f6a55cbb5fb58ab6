// `o11y up` as a reconcile: observe the engine, plan (create what is missing, recreate what
// changed, start what is stopped, leave the rest), get the images, plan again with them, apply.
import type { ServiceName } from '../services/index.js';
import type { Secrets } from '../config/secrets.js';
import { ensureDockerReachable } from '../docker/client.js';
import { UserError } from '../errors.js';
import type { StackSpec } from '../stack/model.js';
import { applyPlan, type ApplyReporter, type UpActions } from './apply-plan.js';
import { checkDataVersions } from './check-data-versions.js';
import { desiredLab } from './desired-lab.js';
import { type PullPolicy, pullPlannedImages, type PullReporter } from './ensure-images.js';
import { imageIds, observeLab } from './observe-lab.js';
import { planUp } from './plan-up.js';

export type { ServiceAction } from './up-plan.js';
export type { PullPolicy } from './ensure-images.js';

export interface UpReporter extends PullReporter, ApplyReporter {}

export interface UpOptions {
  stateDir: string;
  secrets: Secrets;
  pull: PullPolicy;
  /** Only these services (and what they depend on); others are left alone. */
  services?: ServiceName[];
  reporter: UpReporter;
  readyTimeoutMs?: number;
}

export interface UpResult {
  actions: UpActions;
}

export async function upStack(stack: StackSpec, opts: UpOptions): Promise<UpResult> {
  await ensureDockerReachable();
  const desired = desiredLab(stack, opts.stateDir, opts.secrets, opts.services);
  const observed = await observeLab(desired);
  const first = planUp(desired, observed, opts.pull);
  if (first.blocked) throw new UserError(first.blocked.message, { code: 'O11Y_SECRETS_LOST', hint: first.blocked.hint });
  // Images first: nothing is removed or created until every image is there.
  const ids = await pullPlannedImages(first.images, opts.reporter);
  // Every service that will run on a data volume, changed or not: a container already looping
  // unhealthy on data of another version gets the same clear answer.
  await checkDataVersions(
    stack.project,
    desired.services.map((p) => p.service),
  );
  // A pulled image may differ from the one a container runs: that recreates it.
  const withImages = { ...observed, images: await imageIds(desired, ids) };
  const plan = planUp(desired, withImages, opts.pull);
  return { actions: await applyPlan(plan, desired, withImages, { reporter: opts.reporter, readyTimeoutMs: opts.readyTimeoutMs }) };
}

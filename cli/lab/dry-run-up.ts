// `o11y up --dry-run`: the plan `up` would follow from the engine and folder as they are, with the
// files it would write; it writes nothing, creates nothing in the engine and pulls nothing.
import { existsSync } from 'node:fs';
import { ensureDockerReachable } from '../docker/client.js';
import type { ServiceName } from '../services/index.js';
import { chooseImageSource, type ImageSource } from './acquire-images.js';
import { desiredLab } from './desired-lab.js';
import type { PullPolicy } from './ensure-images.js';
import type { LoadedConfig } from './load-config.js';
import { refuseLostSecrets } from './lost-secrets.js';
import { observeLab } from './observe-lab.js';
import { planUp } from './plan-up.js';
import { previewStack } from './preview-stack.js';
import type { UpPlan } from './up-plan.js';

export interface DryRunOptions {
  images?: ImageSource;
  pull: PullPolicy;
  services?: ServiceName[];
}

export async function dryRunUp(loaded: LoadedConfig, opts: DryRunOptions): Promise<UpPlan> {
  await ensureDockerReachable();
  // Read-only: it refuses where `up` would, before `up` writes anything.
  await refuseLostSecrets(loaded.config.project, loaded.stateDir);
  const { source, remember } = chooseImageSource(opts.images, loaded);
  const { prepared, files } = await previewStack(loaded, { images: source });
  const desired = desiredLab(prepared.stack, loaded.stateDir, prepared.secrets, opts.services);
  const plan = planUp(desired, await observeLab(desired), opts.pull);
  if (remember) {
    plan.files.push({
      path: loaded.configPath,
      action: existsSync(loaded.configPath) ? 'update' : 'create',
      why: `localImages: ${source === 'local'} (remembers --images ${source})`,
    });
  }
  plan.files.push(...files);
  plan.notes.push(...notes(loaded, plan, source, prepared.images.leftOut, opts.services));
  return plan;
}

function notes(
  loaded: LoadedConfig,
  plan: UpPlan,
  source: ImageSource,
  leftOut: Array<{ service: ServiceName; reason: string }>,
  only?: ServiceName[],
): string[] {
  const out: string[] = [];
  if (!loaded.fromFile)
    out.push(
      `no ${loaded.configPath}: up runs on the defaults (and writes no o11y.yaml); \`o11y init\` writes one (it asks for the project name, ports and Telegram).`,
    );
  if (source === 'config' && plan.images.some((i) => i.action === 'pull')) {
    out.push(
      'if no registry answers a pull, up offers to build the images here instead (it asks in a terminal; --yes builds) and remembers localImages: true in o11y.yaml.',
    );
  }
  if (plan.volumes.some((v) => v.action === 'keep'))
    out.push('up first checks that the images can open the data in the existing volumes (a probe container): not in a dry run.');
  for (const l of leftOut) if (!only || only.includes(l.service)) out.push(`left out: ${l.reason}`);
  return out;
}

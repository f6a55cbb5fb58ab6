// The root filesystem every local image starts from: an existing local Debian bookworm
// image if the engine has one, otherwise debootstrap (minbase) from the host's mirror,
// tarred and `docker import`ed, cached under a tag derived from its inputs.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { importImage, inspectImage } from '../docker/images.js';
import { UserError } from '../errors.js';
import { mkdirForUser } from '../sudo-owner.js';
import { bookwormSources, primaryMirror, readHostSources, SUITE } from './apt-sources.js';
import { shortHash } from './content-tag.js';
import { IMAGE_LABEL_PREFIX, LOCAL_REPO_PREFIX, RECIPE_VERSION } from './recipes.js';

/** Local Debian images that serve as the root as they are, best first. */
const EXISTING_DEBIAN = ['debian:bookworm', 'debian:12', 'debian:bookworm-slim', 'debian:12-slim'];

export interface RootPlan {
  ref: string;
  /** Identity that the base image's tag is derived from. */
  key: string;
  kind: 'existing' | 'debootstrap';
  mirror?: string;
  present: boolean;
}

export async function planRoot(aptRoot?: string): Promise<RootPlan> {
  for (const ref of EXISTING_DEBIAN) {
    const image = await inspectImage(ref);
    if (image) return { ref, key: image.id, kind: 'existing', present: true };
  }
  const mirror = primaryMirror(bookwormSources(readHostSources(aptRoot)));
  const tag = shortHash(RECIPE_VERSION, 'debootstrap --variant=minbase', SUITE, mirror);
  const ref = `${LOCAL_REPO_PREFIX}/debian-rootfs:${tag}`;
  return { ref, key: ref, kind: 'debootstrap', mirror, present: (await inspectImage(ref)) !== undefined };
}

/** Runs debootstrap into a scratch folder under `workDir`, imports it as `plan.ref`, removes the folder. */
export async function buildRoot(plan: RootPlan, workDir: string, log: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new UserError('Building the Debian base image needs root (debootstrap creates device files and sets owners).', {
      code: 'O11Y_ROOT_REQUIRED',
      hint: 'Run `sudo o11y images build`, or load a Debian image first (`docker load -i debian-bookworm.tar`, tagged debian:bookworm).',
    });
  }
  mkdirForUser(workDir);
  const scratch = mkdtempSync(path.join(workDir, 'rootfs-'));
  try {
    await run('debootstrap', ['--variant=minbase', SUITE, scratch, plan.mirror!], log, {
      ENOENT: new UserError('debootstrap is not installed; it builds the Debian base of the local images.', {
        code: 'O11Y_DEBOOTSTRAP_MISSING',
        hint: 'apt-get install debootstrap (or `o11y doctor --fix`).',
      }),
    });
    // Nothing machine-specific or cached goes into the image.
    for (const junk of ['var/cache/apt/archives', 'var/lib/apt/lists', 'var/log/bootstrap.log', 'debootstrap']) {
      rmSync(path.join(scratch, junk), { recursive: true, force: true });
    }
    mkdirSync(path.join(scratch, 'var/lib/apt/lists/partial'), { recursive: true });
    mkdirSync(path.join(scratch, 'var/cache/apt/archives/partial'), { recursive: true });
    log(`importing ${scratch} as ${plan.ref}`);
    const tar = spawn('tar', ['--numeric-owner', '-C', scratch, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    tar.stderr.on('data', (d: Buffer) => log(d.toString().trimEnd()));
    const exited = once(tar, 'close');
    await importImage(tar.stdout, plan.ref, [
      'CMD ["bash"]',
      'ENV LANG=C.UTF-8',
      `LABEL ${IMAGE_LABEL_PREFIX}.image=root ${IMAGE_LABEL_PREFIX}.recipe=${RECIPE_VERSION}`,
    ]);
    const [code] = (await exited) as [number];
    if (code !== 0) throw new Error(`tar exited with code ${code}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], log: (line: string) => void, errors: Record<string, Error> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    log(`$ ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const onData = (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(log);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err: NodeJS.ErrnoException) => reject(errors[err.code ?? ''] ?? err));
    child.on('close', (code) => {
      if (pending) log(pending);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with code ${code}`));
    });
  });
}

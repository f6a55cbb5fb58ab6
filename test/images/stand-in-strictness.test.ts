// The local images stand in for the official ones and must be no kinder: each service module's
// `official` table (read from the official Dockerfile at the pinned tag) against its health check,
// and against what each local image really holds (user, entrypoint, paths, wget, curl). A health
// check needing GNU wget, curl, a shell, or a binary the official image lacks fails here.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { planImages } from '../../cli/images/local-images.js';
import { DEFAULT_CONFIG, SERVICES, serviceContext } from '../../cli/services/index.js';
import { isLocallyBuildable } from '../../cli/services/service.js';
import { buildLocalImages, requireDocker } from '../support/docker.js';
import { scratchDir } from '../support/o11y-cli.js';
import { docker, logsOf, removeTestObjects, runContainer, TEST_LABEL_VALUE } from '../support/test-containers.js';

// What busybox's wget accepts (and GNU's too); anything else may be GNU-only.
const BUSYBOX_WGET_FLAGS = new Set(['-q', '-O', '-O-', '-T', '--spider', '-S', '-Y']);

describe("every service's health check runs on its official image", () => {
  for (const s of SERVICES) {
    test(`${s.name}: exec form, only binaries its official image has`, () => {
      const health = s.container(serviceContext(DEFAULT_CONFIG)).health;
      const [form, binary, ...args] = health.test;
      assert.equal(form, 'CMD', 'shell form needs a shell; the busybox images have only sh, the node image no wget');
      assert.ok(s.official.healthBinaries.includes(binary), `${binary} is not among ${s.name}'s official binaries ${s.official.healthBinaries}`);
      if (binary === 'wget') {
        assert.notEqual(s.official.wget, 'none', `${s.official.source} has no wget`);
        for (const a of args.filter((x) => x.startsWith('-'))) assert.ok(BUSYBOX_WGET_FLAGS.has(a), `wget ${a} is not in busybox's wget`);
      }
      if (binary === 'curl') assert.ok(s.official.curl, `${s.official.source} has no curl`);
      if (binary === 'bash') assert.ok(s.official.bash, `${s.official.source} has no bash`);
      assert.match(s.official.source, /github\.com\/.+(Dockerfile|docker)/, 'say where the table was read');
    });
  }
});

describe('each local image is as strict as its official one', () => {
  const cwd = scratchDir('o11y-stand-ins');
  let refs: Record<string, string | undefined> = {};
  before(async () => {
    await requireDocker();
    await buildLocalImages(cwd);
    refs = Object.fromEntries(Object.entries((await planImages()).services).map(([name, p]) => [name, p.ref]));
  });
  after(async () => {
    await removeTestObjects();
    rmSync(cwd, { recursive: true, force: true });
  });

  for (const s of SERVICES.filter(isLocallyBuildable)) {
    test(`${s.name}: same user, entrypoint and paths; wget ${s.official.wget}, ${s.official.curl ? 'curl' : 'no curl'}`, { timeout: 120_000 }, async () => {
      const ref = refs[s.name];
      assert.ok(ref, `no local build planned for ${s.name}`);
      const info = await docker.getImage(ref).inspect();
      assert.deepEqual(info.Config.Entrypoint, s.official.entrypoint, 'entrypoint');
      // One shell run as the image's own user: its uid, what wget and curl are, which paths exist.
      const probe = [
        'echo "uid=$(id -u)"',
        s.official.dropsTo ? `echo "drops=$(id -u ${s.official.dropsTo.name})"` : 'echo drops=',
        'w=$(command -v wget || true); if [ -n "$w" ]; then echo "wget=$(readlink -f "$w")"; else echo wget=; fi',
        'echo "curl=$(command -v curl || true)"',
        ...s.official.paths.map((p) => `test -e ${p} && echo "path ok ${p}" || echo "path missing ${p}"`),
        ...s.official.healthBinaries.map((b) => `echo "bin ${b}=$(command -v ${b} || true)"`),
      ].join('; ');
      const c = await runContainer({ image: ref, name: `o11y-test-strict-${s.name}-${TEST_LABEL_VALUE}`, entrypoint: ['sh', '-c', probe] });
      await c.wait();
      const out = await logsOf(c);
      const field = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(out)?.[1] ?? '';
      assert.equal(Number(field('uid')), s.official.uid, `uid (official: ${s.official.source})\n${out}`);
      if (s.official.dropsTo) assert.equal(Number(field('drops')), s.official.dropsTo.uid, `${s.official.dropsTo.name}'s uid`);
      if (s.official.wget === 'none') assert.equal(field('wget'), '', `${s.name}'s official image has no wget; the local one has ${field('wget')}`);
      else assert.match(field('wget'), /busybox$/, `only busybox's wget, as in ${s.official.source}; found ${field('wget') || 'none'}`);
      if (!s.official.curl) assert.equal(field('curl'), '', 'no curl, as in the official image');
      for (const p of s.official.paths) assert.match(out, new RegExp(`^path ok ${p}$`, 'm'), `${p} missing\n${out}`);
      for (const b of s.official.healthBinaries) assert.notEqual(field(`bin ${b}`), '', `health-check binary ${b} missing`);
    });
  }
});

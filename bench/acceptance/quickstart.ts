// `npm run acceptance`: the README's quickstart on a fresh Debian machine, timed. A throwaway
// container from the local Debian base image (no Docker, no Node, no registry): the project goes in
// as `git archive HEAD` (a clone), Node 20 is the host's own binary and npm, and then exactly
// `npm ci`, `npx o11y up --yes`, `npx o11y load --preset smoke`, and a second plain `npx o11y up`
// that must neither ask nor pull. Not part of `npm test`: the first `up` installs Docker with apt and
// builds every image inside, which takes many minutes.
//
// Network: the container reaches the Debian mirror (apt) and the npm registry; every container
// registry name resolves to the container's own loopback, so no registry is ever contacted and
// `up` meets "no registry answers", as on our machines. The lab's traffic stays inside.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { planImages } from '../../cli/images/local-images.js';
import { table } from '../../cli/output.js';
import { buildLocalImages, requireDocker } from '../../test/support/docker.js';
import { TEST_LABEL } from '../../test/support/test-containers.js';
import { loadAverage } from '../support/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAB = '/lab';
// Where the default images' registries live; pointed at the container's loopback (nothing listens).
const REGISTRIES = ['registry-1.docker.io', 'index.docker.io', 'auth.docker.io', 'docker.io', 'quay.io', 'gcr.io', 'ghcr.io', 'registry.k8s.io'];

interface Step {
  name: string;
  cmd: string;
  timeoutMs: number;
  /** Checked on the step's output once it exits 0. */
  expect?: (out: string) => string | undefined;
}

const STEPS: Step[] = [
  { name: 'npm ci', cmd: 'npm ci', timeoutMs: 20 * 60_000 },
  {
    name: 'npx o11y up --yes',
    cmd: 'npx o11y up --yes',
    timeoutMs: 90 * 60_000,
    expect: (out) => (!/Docker is set up/.test(out) ? 'up did not set Docker up' : !/is up/.test(out) ? 'up did not report the lab up' : undefined),
  },
  {
    name: 'npx o11y load --preset smoke',
    cmd: 'npx o11y load --preset smoke',
    timeoutMs: 5 * 60_000,
  },
  {
    name: 'npx o11y up (again)',
    cmd: 'npx o11y up',
    timeoutMs: 10 * 60_000,
    expect: (out) => (/pulling |Cannot pull|no registry answers|building |\? /.test(out) ? 'the second up asked, pulled or built again' : undefined),
  },
];

const stamp = new Date().toISOString();
const loadAtStart = loadAverage();
const logDir = path.join(ROOT, 'bench', 'results', `acceptance-${stamp.replace(/[:.]/g, '-')}`);
mkdirSync(logDir, { recursive: true });

const docker = await requireDocker();
// The product's own Debian base image (built from this machine's mirror; a no-op when up to date).
let base = (await planImages()).base;
if (!base.present) {
  console.log('building the local Debian base image first (o11y images build)…');
  await buildLocalImages(ROOT);
  base = (await planImages()).base;
}
const node = realpathSync(process.execPath);
const npmDir = path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm');
// A network whose TLS goes through a proxy with its own CA (ours does): the fresh machine trusts it as this one does.
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

const container = await docker.createContainer({
  Image: base.ref,
  Cmd: ['sleep', 'infinity'],
  WorkingDir: LAB,
  Labels: { [TEST_LABEL]: `acceptance-${process.pid}` },
  Env: ['NO_COLOR=1', ...(extraCa ? ['NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-extra-ca.pem'] : [])],
  HostConfig: {
    NetworkMode: 'bridge',
    ExtraHosts: REGISTRIES.map((h) => `${h}:127.0.0.1`),
    Binds: [
      `${node}:/usr/local/bin/node:ro`,
      `${npmDir}:/usr/local/lib/node_modules/npm:ro`,
      ...(extraCa ? [`${realpathSync(extraCa)}:/etc/ssl/certs/host-extra-ca.pem:ro`] : []),
    ],
    // The inner engine's data on a real filesystem (an anonymous volume), as on a machine; removed with the container.
    Mounts: [{ Type: 'volume', Source: '', Target: '/var/lib/docker' }],
    // What dockerd needs of --privileged (which this VM refuses: no CAP_SYS_RESOURCE in its bounding set).
    // Its own cgroup namespace, so the inner engine's containers nest under this one's cgroups
    // (dockerode's types predate CgroupnsMode, API 1.41).
    ...({ CgroupnsMode: 'private' } as object),
    CapAdd: ['ALL'],
    CapDrop: ['SYS_RESOURCE'],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
  },
});
let cleaned = false;
const cleanup = async () => {
  if (cleaned) return;
  cleaned = true;
  // Takes the inner dockerd, the lab it ran and its volume with it.
  await container.remove({ force: true, v: true }).catch(() => undefined);
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

const results: Array<{ step: string; seconds: number; exit: number; note: string }> = [];
try {
  await container.start();
  await setup('ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx');
  // A machine's cgroups are writable; a container's are mounted read-only unless --privileged. Remounted
  // read-write (private cgroup namespace: only this container's own subtree), or the inner engine cannot start containers.
  await setup('for d in /sys/fs/cgroup/*/; do mount -o remount,rw,bind "$d" || exit 1; done; mount -o remount,rw /sys/fs/cgroup');
  await putProject();
  const facts = await exec(
    '. /etc/os-release && echo "$PRETTY_NAME; node $(node --version); npm $(npm --version); dockerd: $(command -v dockerd || echo none)"',
    60_000,
  );
  console.log(`fresh machine: ${facts.out.trim()} (image ${base.ref}, project at ${commit})\n`);
  for (const step of STEPS) {
    console.log(`▶ ${step.name}`);
    const started = Date.now();
    const res = await exec(step.cmd, step.timeoutMs, path.join(logDir, `${results.length + 1}-${step.name.replace(/\W+/g, '-')}.log`));
    const seconds = (Date.now() - started) / 1000;
    const problem = res.exit !== 0 ? `exit ${res.exit}` : step.expect?.(res.out);
    results.push({ step: step.name, seconds, exit: res.exit, note: problem ?? 'ok' });
    console.log(`  ${problem ? `✖ ${problem}` : '✔'} in ${formatSeconds(seconds)}`);
    if (problem) {
      console.log(res.out.trimEnd().split('\n').slice(-30).join('\n'));
      break;
    }
  }
} finally {
  await cleanup();
}

console.log(
  `\n${table(
    ['step', 'time', 'result'],
    results.map((r) => [r.step, formatSeconds(r.seconds), r.note]),
  )}`,
);
const total = results.reduce((s, r) => s + r.seconds, 0);
console.log(`\ntotal ${formatSeconds(total)}; logs in ${path.relative(process.cwd(), logDir)}`);
// The README quotes these times: the file beside the (ignored) log folder is committed.
const resultFile = `${logDir}.json`;
const record = {
  what: 'npm run acceptance',
  date: stamp,
  commit,
  base: base.ref,
  cpus: os.cpus().length,
  loadAverage: { start: loadAtStart, end: loadAverage() },
  results,
};
writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);
console.log(`results in ${path.relative(process.cwd(), resultFile)} (commit it: the README's quickstart times come from it)`);
const passed = results.length === STEPS.length && results.every((r) => r.note === 'ok');
process.exit(passed ? 0 : 1);

function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A step of making the machine (not of the quickstart): it must work. */
async function setup(cmd: string): Promise<void> {
  const res = await exec(cmd, 60_000);
  if (res.exit !== 0) throw new Error(`setting up the fresh machine failed: ${cmd}\n${res.out}`);
}

/** The project as a clone has it: the committed tree, no node_modules, no dist, no .o11y. */
async function putProject(): Promise<void> {
  await setup(`mkdir -p ${LAB}`);
  const archive = spawn('git', ['-C', ROOT, 'archive', '--format=tar', 'HEAD'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await container.putArchive(archive.stdout, { path: LAB });
}

/** Runs `sh -c cmd` as root in the lab folder, output (stdout and stderr, as a terminal shows them) to a log; bounded. */
async function exec(cmd: string, timeoutMs: number, logPath?: string): Promise<{ exit: number; out: string }> {
  const e = await container.exec({ Cmd: ['sh', '-c', cmd], WorkingDir: LAB, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const log = logPath ? createWriteStream(logPath) : undefined;
  const sink = new PassThrough().on('data', (c: Buffer) => {
    chunks.push(c);
    log?.write(c);
  });
  docker.modem.demuxStream(stream, sink, sink);
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => stream.on('end', resolve));
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const how = await Promise.race([ended, timedOut]);
  clearTimeout(timer);
  log?.end();
  const out = Buffer.concat(chunks).toString();
  if (how === 'timeout') return { exit: 124, out: `${out}\n(timed out after ${timeoutMs / 1000} s)` };
  return { exit: (await e.inspect()).ExitCode ?? -1, out };
}

// Short-lived containers for the image tests: every one carries TEST_LABEL, and cleanup
// removes only what carries it (containers with their anonymous volumes, then networks).
import Docker from 'dockerode';

export const TEST_LABEL = 'dev.o11y-lab.test';
export const TEST_LABEL_VALUE = `images-${process.pid}`;
const labels = { [TEST_LABEL]: TEST_LABEL_VALUE };

export const docker = new Docker();

export async function createTestNetwork(name: string): Promise<string> {
  await docker.createNetwork({ Name: name, Labels: labels, CheckDuplicate: true });
  return name;
}

export interface RunOptions {
  image: string;
  name: string;
  env?: Record<string, string>;
  cmd?: string[];
  /** Replaces the image's entrypoint. */
  entrypoint?: string[];
  network?: string;
  /** Container ports to publish on a random 127.0.0.1 port. */
  publish?: number[];
  /** host:container[:ro] bind mounts. */
  binds?: string[];
}

export async function runContainer(o: RunOptions): Promise<Docker.Container> {
  const container = await docker.createContainer({
    name: o.name,
    Image: o.image,
    Env: Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Cmd: o.cmd,
    ...(o.entrypoint ? { Entrypoint: o.entrypoint } : {}),
    Labels: labels,
    ExposedPorts: Object.fromEntries((o.publish ?? []).map((p) => [`${p}/tcp`, {}])),
    HostConfig: {
      NetworkMode: o.network,
      ...(o.binds ? { Binds: o.binds } : {}),
      PortBindings: Object.fromEntries((o.publish ?? []).map((p) => [`${p}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]])),
    },
  });
  await container.start();
  return container;
}

export async function publishedPort(container: Docker.Container, port: number): Promise<number> {
  const info = await container.inspect();
  return Number(info.NetworkSettings.Ports[`${port}/tcp`]?.[0]?.HostPort);
}

/** Runs a command in the container; resolves to its exit code and combined output. */
export async function execIn(container: Docker.Container, cmd: string[], env: string[] = []): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: cmd, Env: env, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise((resolve) => stream.on('end', resolve));
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
}

export async function logsOf(container: Docker.Container): Promise<string> {
  return demux((await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
}

// Docker's multiplexed stream: 8-byte headers (stream type, size) before each frame.
function demux(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return out;
}

export async function removeTestObjects(): Promise<void> {
  const filters = { label: [`${TEST_LABEL}=${TEST_LABEL_VALUE}`] };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
}

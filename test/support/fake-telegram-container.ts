// The fake Telegram Bot API as a container on a lab's own network (Alertmanager in a container
// cannot reach the host's loopback): the lab's own Node image runs test/support/fake-telegram.mjs,
// reachable from the host only through a port published on 127.0.0.1.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { localImageRef } from '../../cli/images/local-images.js';
import { serviceModule } from '../../cli/services/index.js';
import { networkName } from '../../cli/stack/model.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fake-telegram.mjs');

export interface FakeTelegramContainer {
  container: Docker.Container;
  /** What the fake received, read through its published port; a ref'd timeout, so a hung read cannot empty the event loop. */
  received(): Promise<Array<{ method: string; status: number; tokenValid: boolean; body: { text?: string; chat_id?: string | number } }>>;
}

/** Starts it as `<project>-fake-telegram` (DNS name fake-telegram:8081 on the lab's network); labelled for cleanup. */
export async function startFakeTelegramContainer(
  docker: Docker,
  o: { project: string; token: string; chat: number; hostPort: number; labels: Record<string, string> },
): Promise<FakeTelegramContainer> {
  const image = await localImageRef(serviceModule('app'));
  if (!image) throw new Error('no local app image to run the fake Telegram in (o11y images build)');
  // Docker would bind a missing path as an empty folder, and the fake would never answer.
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing`);
  const container = await docker.createContainer({
    name: `${o.project}-fake-telegram`,
    Image: image,
    Cmd: ['node', '/fake/fake-telegram.mjs'],
    Env: ['PORT=8081', `FAKE_TELEGRAM_TOKENS=${o.token}`, `FAKE_TELEGRAM_CHATS=${o.chat}`],
    Labels: o.labels,
    ExposedPorts: { '8081/tcp': {} },
    HostConfig: {
      Binds: [`${SCRIPT}:/fake/fake-telegram.mjs:ro`],
      PortBindings: { '8081/tcp': [{ HostIp: '127.0.0.1', HostPort: String(o.hostPort) }] },
    },
    NetworkingConfig: { EndpointsConfig: { [networkName(o.project)]: { Aliases: ['fake-telegram'] } } },
  });
  await container.start();
  const received = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      return await (await fetch(`http://127.0.0.1:${o.hostPort}/_received`, { signal: controller.signal })).json();
    } finally {
      clearTimeout(timer);
    }
  };
  return { container, received };
}

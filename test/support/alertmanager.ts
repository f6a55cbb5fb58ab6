// A real Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, clustering
// off, storage in a temp folder: for tests of the rendered config and the Telegram message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RenderedFile } from '../../cli/stack/rendered-file.js';
import { startProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { httpOk } from './ready-check.js';
import { requireBinary } from './require-binary.js';

export const ALERTMANAGER_BIN = 'prometheus-alertmanager';

export interface TempAlertmanager {
  url: string;
  dir: string;
  /** Posts alerts to its v2 API, as Prometheus does. */
  postAlerts(alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string; endsAt?: string }>): Promise<void>;
  metrics(): Promise<string>;
  log(): string;
  stop(): Promise<void>;
}

/** `files` are the 'alertmanager/...' files from renderAlertFiles(). */
export async function startTempAlertmanager(files: RenderedFile[]): Promise<TempAlertmanager> {
  requireBinary(ALERTMANAGER_BIN, 'prometheus-alertmanager');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-am-'));
  const confDir = path.join(dir, 'config');
  mkdirSync(confDir);
  for (const f of files.filter((f) => f.path.startsWith('alertmanager/'))) {
    writeFileSync(path.join(confDir, path.basename(f.path)), f.content, { mode: f.mode ?? 0o644 });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess(
    [
      ALERTMANAGER_BIN,
      `--config.file=${path.join(confDir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { ready: httpOk(`${url}/-/ready`) },
  ).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    dir,
    async postAlerts(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!res.ok) throw new Error(`posting alerts: ${res.status} ${await res.text()}`);
    },
    async metrics() {
      return (await fetch(`${url}/metrics`)).text();
    },
    log: () => proc.stderr().slice(-20_000),
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

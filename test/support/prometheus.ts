// A real Prometheus (Debian's binary) on a free loopback port, for tests that need
// one without Docker: rule evaluation, dashboard queries, `o11y load`'s remote write. Started
// with the lab's flags (lifecycle API, remote-write receiver) unless told otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { httpOk } from './ready-check.js';

export interface TempPrometheus {
  url: string;
  dir: string;
  query(promql: string, time?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export interface TempPrometheusOptions {
  /** Accept remote write (POST /api/v1/write), as the lab's Prometheus does. Default true. */
  remoteWriteReceiver?: boolean;
}

/** `files` are written into a temp folder first; `config` may refer to them by relative path. */
export async function startTempPrometheus(config: string, files: Record<string, string> = {}, options: TempPrometheusOptions = {}): Promise<TempPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-prom-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess(
    [
      'prometheus',
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      ...(options.remoteWriteReceiver === false ? [] : ['--web.enable-remote-write-receiver']),
    ],
    { cwd: dir, ready: httpOk(`${url}/-/ready`) },
  ).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    dir,
    async query(promql, time) {
      const params = new URLSearchParams({ query: promql, ...(time ? { time: String(time) } : {}) });
      const res = await fetch(`${url}/api/v1/query?${params}`);
      const body = (await res.json()) as { status: string; error?: string; data: { result: [] } };
      if (body.status !== 'success') throw new Error(`query failed: ${promql}: ${body.error}`);
      return body.data.result;
    },
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

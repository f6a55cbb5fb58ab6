// The rate bench's trivial target: nginx with one worker on the service core, answering every
// request at once with a fixed body (`[]`, and `/healthz` like the gradebook). A Node server
// cannot be the yardstick here: on one core it serves ~25,000-35,000 requests/s with garbage
// collector pauses of its own, below the 50,000/s the open model is asked to hold and noisy
// enough to hide the generator's figures. nginx (Debian's nginx-light) serves ~80,000/s on one
// core of this machine (wrk, 50 connections) and has no pauses. Not installed: the bench says how.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from '../../test/support/child-process.js';
import { freePort } from '../../test/support/free-port.js';
import { httpOk } from '../../test/support/ready-check.js';
import { onCore, SERVICE_CORE } from '../support/cores.js';

export interface NginxTarget {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  for (const bin of ['nginx', '/usr/sbin/nginx']) if (!spawnSync(bin, ['-v']).error) return bin;
  throw new Error('the rate bench needs nginx as its trivial target: apt-get install nginx-light (or any nginx on PATH)');
}

/** This process's hard limit on open files (/proc/self/limits), which nginx may raise its own to. */
function hardFileLimit(): number {
  const line = /^Max open files\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const hard = Number(line?.[1]);
  return Number.isFinite(hard) ? hard : 1024;
}

export async function startNginxTarget(): Promise<NginxTarget> {
  const bin = nginxBinary();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-bench-nginx-'));
  const port = await freePort();
  // As many connections as the generator may open (an ordinary user's hard limit is often 4096).
  const files = Math.min(hardFileLimit(), 65_536);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log stderr warn;
worker_rlimit_nofile ${files};
events { worker_connections ${Math.max(1024, files - 64)}; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    default_type application/json;
    location = /healthz { return 200 '{"status":"ok"}'; }
    location / { return 200 '[]'; }
  }
}
`,
  );
  // One process (no master) so its PID is the one serving, pinned like the services the other benches load.
  const url = `http://127.0.0.1:${port}`;
  const proc = await startProcess([bin, '-c', path.join(dir, 'nginx.conf'), '-p', dir], {
    name: 'nginx',
    cpu: onCore(SERVICE_CORE),
    ready: httpOk(`${url}/healthz`),
    readyTimeoutMs: 10_000,
    graceMs: 5000,
  }).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    url,
    pid: proc.pid,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

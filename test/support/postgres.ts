// A real, throwaway PostgreSQL cluster for tests: initdb in a temp folder, listening
// on a free 127.0.0.1 port, started and stopped with pg_ctl. Runs as the `postgres`
// user when the tests run as root (initdb refuses root).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface TempPostgres {
  url: string;
  port: number;
  /** The postmaster's PID, from its postmaster.pid (e.g. to pin it to a core). */
  postmasterPid(): number;
  stop(): void;
  start(): void;
  destroy(): void;
}

export function findPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. Install them: apt-get install postgresql');
  }
  return path.join(root, versions[0], 'bin');
}

export async function startTempPostgres(): Promise<TempPostgres> {
  const bin = findPgBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => execFileSync(path.join(bin, cmd), args, { uid, gid, stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });

  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  start();
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'gradebook']);
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/gradebook`,
    port,
    postmasterPid: () => Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    start,
    stop,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

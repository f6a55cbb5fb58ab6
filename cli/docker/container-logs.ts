// Container logs: the last lines (for error messages and `o11y logs`) and a live follow.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { redactLogLine } from '../output.js';
import { dockerClient } from './client.js';

/** Splits a non-TTY log buffer (8-byte frame headers) into text. */
export function demuxBuffer(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

export async function lastLogLines(id: string, lines = 20, docker: Docker = dockerClient()): Promise<string[]> {
  try {
    const buf = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxBuffer(buf)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(redactLogLine);
  } catch {
    return [];
  }
}

/** A container's output line by line: the last `tail` lines, then (with `follow`) new ones until `signal` aborts. */
export async function streamLogs(
  id: string,
  opts: { tail: number; follow?: boolean; onLine: (line: string) => void; signal?: AbortSignal },
  docker: Docker = dockerClient(),
): Promise<void> {
  const container = docker.getContainer(id);
  // Logs are shown to users and pasted into issues: never with a bot token in them.
  const emit = (line: string) => opts.onLine(redactLogLine(line));
  if (!opts.follow) {
    const buf = (await container.logs({ stdout: true, stderr: true, follow: false, tail: opts.tail })) as unknown as Buffer;
    demuxBuffer(buf).split('\n').slice(0, -1).forEach(emit);
    return;
  }
  const stream = (await container.logs({ stdout: true, stderr: true, follow: true, tail: opts.tail })) as NodeJS.ReadableStream & { destroy(): void };
  const out = new PassThrough();
  docker.modem.demuxStream(stream, out, out);
  let rest = '';
  out.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    parts.forEach(emit);
  });
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    opts.signal?.addEventListener('abort', () => {
      stream.destroy();
      resolve();
    });
  });
  if (rest) emit(rest);
}

// Text and tables fitted to a terminal's width (cli/text-layout.ts), and `o11y status` as it
// prints at 60 and 100 columns: lines break between words, never inside a URL or a `command`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStatus } from '../../cli/commands/status.js';
import type { ServiceStatus } from '../../cli/lab/stack-status.js';
import { layoutTable, wrapText } from '../../cli/text-layout.js';

const PG = 'postgres://gradebook@127.0.0.1:5432/gradebook';
const running = (service: string, url: string): ServiceStatus =>
  ({ service, state: 'running', health: 'healthy', uptimeSeconds: 3723, cpuPercent: 0.4, memoryBytes: 48e6, url }) as ServiceStatus;
const lab = {
  project: 'o11y-lab',
  services: [
    running('postgres', PG),
    running('app', 'http://127.0.0.1:8000/students/'),
    running('postgres-exporter', 'http://127.0.0.1:9187/metrics'),
    {
      service: 'grafana',
      state: 'left-out',
      health: '-',
      reason: 'grafana was left out: no registry answered; `o11y images build grafana` cannot make it',
    } as ServiceStatus,
  ],
  targets: [
    { job: 'app', instance: 'app:8000', health: 'up' },
    { job: 'postgres', instance: 'postgres-exporter:9187', health: 'down', lastError: 'Get "http://postgres-exporter:9187/metrics": dial tcp: no such host' },
  ],
};

function assertFits(text: string, width: number): string[] {
  const lines = text.split('\n');
  for (const l of lines) assert.ok(l.length <= width, `${l.length} > ${width}: ${l}\n${text}`);
  return lines;
}

for (const columns of [60, 100]) {
  test(`o11y status at ${columns} columns: every line fits; URLs and commands whole; each figure beside its service`, () => {
    const text = formatStatus(lab as never, columns - 1);
    const lines = assertFits(text, columns - 1);
    for (const url of [PG, 'http://127.0.0.1:8000/students/', 'http://127.0.0.1:9187/metrics', 'http://postgres-exporter:9187/metrics']) {
      assert.ok(text.includes(url), `${url} whole:\n${text}`);
    }
    assert.ok(text.includes('`o11y images build grafana`'), text);
    // Each service's row still has its state, health and memory, in order.
    for (const s of ['postgres', 'app', 'postgres-exporter'])
      assert.ok(
        lines.some((l) => new RegExp(`^${s} +running +healthy +1h2m +0\\.4% +46 MiB`).test(l)),
        `${s}:\n${text}`,
      );
  });
}

test('at 100 columns only the URL too long for the room left goes on its own line, under its row', () => {
  const lines = formatStatus(lab as never, 99).split('\n');
  const pg = lines.findIndex((l) => l.startsWith('postgres '));
  assert.match(lines[pg + 1], new RegExp(`^ +${PG}$`));
  assert.match(lines.find((l) => l.startsWith('app ')) ?? '', /46 MiB {2}http:\/\/127\.0\.0\.1:8000\/students\/$/);
});

test('piped (no width), status lines are whole, as before', () => {
  const text = formatStatus(lab as never, undefined);
  assert.ok(text.split('\n').some((l) => l.startsWith('postgres ') && l.endsWith(PG)));
});

test('a table too wide: the last column wraps in the room left, or the columns that do not fit go under each row, named', () => {
  const rows = [['one', 'first value', 'a long sentence that has to wrap between its words']];
  assert.equal(
    layoutTable(['A', 'B', 'NOTE'], rows, { width: 40 }),
    ['A    B            NOTE', 'one  first value  a long sentence that', '                  has to wrap between', '                  its words'].join('\n'),
  );
  assert.equal(
    layoutTable(['A', 'B', 'NOTE'], rows, { width: 24 }),
    ['A    B', 'one  first value', '    note  a long', '          sentence that', '          has to wrap', '          between its', '          words'].join(
      '\n',
    ),
  );
});

test('wrapText keeps a group set off by two spaces, and a `command` that fits, on one line', () => {
  assert.equal(wrapText('p50 1.2ms   p90 3.4ms   max 10.1ms', 22), 'p50 1.2ms   p90 3.4ms\nmax 10.1ms');
  assert.equal(wrapText('then run `o11y images build grafana` again', 30), 'then run\n`o11y images build grafana`\nagain');
  // A span longer than the line breaks at its spaces, not inside a word.
  assert.equal(wrapText('run `a b c d e f g h i j k`', 14), 'run `a b c d e\nf g h i j k`');
});

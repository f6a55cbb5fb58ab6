// Help and errors on real terminals of 60 and 100 columns (tmux): every line breaks between words
// before the edge, so the terminal never cuts one (a cut row fills every column), and commands
// and URLs stay whole.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { assertBuilt, ROOT, scratchDir } from '../support/o11y-cli.js';
import { inTmux } from '../support/tmux.js';

const cwd = scratchDir('o11y-help-terminal');
after(() => rmSync(cwd, { recursive: true, force: true }));

async function shown(args: string[], columns: number): Promise<{ code: number; rows: string[] }> {
  assertBuilt('dist/cli/index.js');
  const term = inTmux([process.execPath, path.join(ROOT, 'bin', 'o11y.js'), ...args], { columns, cwd });
  try {
    const code = await term.exited(30_000);
    const rows = term.rows();
    return {
      code,
      rows: rows.slice(
        0,
        rows.findIndex((r) => /^\[exit \d+\]$/.test(r)),
      ),
    };
  } finally {
    term.close();
  }
}

function assertNoneCut(rows: string[], columns: number): void {
  for (const r of rows) assert.ok(r.length < columns, `a row the terminal cut at ${columns} columns: ${r}\n${rows.join('\n')}`);
}

for (const columns of [60, 100]) {
  test(`o11y load --help at ${columns} columns: no row cut; each example's command whole on its row`, async () => {
    const { code, rows } = await shown(['load', '--help'], columns);
    assert.equal(code, 0, rows.join('\n'));
    assertNoneCut(rows, columns);
    for (const command of ['$ o11y load --users 20 --until-alert HighLatencyP99', '$ o11y load --users 50 -d 30s --report run.html']) {
      assert.ok(
        rows.some((r) => r.trim().startsWith(command)),
        `${command}:\n${rows.join('\n')}`,
      );
    }
  });

  test(`an error and its hint at ${columns} columns: no row cut, the URL whole`, async () => {
    const { code, rows } = await shown(['load', '--target', 'http://127.0.0.1:1/students/'], columns);
    assert.equal(code, 1, rows.join('\n'));
    assertNoneCut(rows, columns);
    assert.ok(
      rows.some((r) => r.includes('http://127.0.0.1:1')),
      rows.join('\n'),
    );
    assert.match(rows.join(' ').replace(/ +/g, ' '), /Cannot reach http:\/\/127\.0\.0\.1:1 /);
  });
}

// `o11y load --report`: a real short run against the gradebook, then the HTML file opened from
// disk in headless chromium with the network shut: no request leaves it, its charts draw, its
// table has the run's own figures. Plus the path check before the load, and Ctrl-C.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { SERIES_COLORS } from '../../cli/load/report/report-charts.js';
import { fmtCount } from '../../cli/load/report/format.js';
import { commandLine } from '../../cli/load/report/html-report.js';
import { buildCli, runLoad, type CliBuild, type LoadResult } from '../support/cli-build.js';
import { startGradebookProcess, type GradebookProcess } from '../support/gradebook-process.js';
import { createTestUser, removeTestUser, runAsUser } from '../support/test-user.js';
import { launchChromium, nonBlankShare, openOffline, pixelsByColour } from '../support/headless-chromium.js';

/** The built CLI's `load`; `onStderr` sees the output so far (to press Ctrl-C at the right time). */
function load(args: string[], onStderr?: (text: string, child: ChildProcess) => void) {
  return runLoad(cli, args, { onStderr, timeoutMs: 60_000 });
}

const CHAOS_TOKEN = 'report-test-chaos-token';
let svc: GradebookProcess;
let cli: CliBuild;
let browser: Browser;
let tmp: string;
before(async () => {
  cli = buildCli();
  svc = await startGradebookProcess({ chaosToken: CHAOS_TOKEN });
  browser = await launchChromium();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'o11y-load-report-'));
});
after(async () => {
  await browser?.close();
  await svc?.stop();
  cli?.remove();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * `o11y load` as an ordinary user, since root writes anywhere: as a throwaway user (root makes
 * one, and removes it after) when the suite runs as root, else as the user running it.
 * `prepare` gets a folder of that user's, makes what the run needs in it and returns the arguments.
 */
async function loadAsOrdinaryUser(prepare: (home: string) => string[]): Promise<LoadResult> {
  if (process.getuid?.() !== 0) {
    const home = mkdtempSync(path.join(tmp, 'user-'));
    try {
      return await load(prepare(home));
    } finally {
      for (const name of readdirSync(home)) chmodSync(path.join(home, name), 0o700);
    }
  }
  const name = `o11yrep${process.pid}`;
  const user = await createTestUser(name);
  try {
    const args = prepare(user.dir);
    // What root made for them is theirs, as if they had made it.
    for (const p of readdirSync(user.dir)) lchownSync(path.join(user.dir, p), user.uid, user.gid);
    const r = await runAsUser(user, [process.execPath, cli.entry, 'load', ...args], 60_000);
    return { code: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr) };
  } finally {
    await removeTestUser(name);
  }
}

/** Cell texts of a table's rows, keyed by the first cell. */
const rowsOf = (page: import('playwright-core').Page, id: string) =>
  page.$$eval(`#${id} tr`, (trs) => Object.fromEntries(trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')).map(([k, ...v]) => [k, v])));

describe('o11y load --report', () => {
  test('the report opens from disk with no network, draws its charts and shows the run’s own figures', async () => {
    const file = path.join(tmp, 'run <1>.html');
    // Some failures, so the errors chart and table have something to show.
    assert.equal((await svc.chaos('PUT', { latencyMs: 0, errorRate: 0.2 })).status, 200);
    let r: LoadResult;
    try {
      // A ramp, so the planned and the achieved lines part.
      r = await load(['--target', svc.url, '--stages', '2s:30,2s:30', '--report', file, '--json']);
    } finally {
      await svc.chaos('DELETE');
    }
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.report, file, 'the JSON says where the report went');
    assert.match(r.stderr, new RegExp(`Report: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(s.statusClasses['5xx'] > 0 && s.statusClasses['2xx'] > 0, JSON.stringify(s.statusClasses));
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp file left',
    );

    const html = readFileSync(file, 'utf8');
    // The target URL appears as text only, never as something to load.
    assert.doesNotMatch(html, /\s(?:src|href)\s*=|url\(|@import/i);

    const started = Date.now();
    const view = await openOffline(browser, file);
    try {
      const { page } = view;
      await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 3, undefined, { timeout: 10_000 });
      assert.deepEqual([...view.requests], [], 'requests other than file://');
      assert.deepEqual(await view.cspViolations(), [], 'blocked by the page’s Content-Security-Policy');
      assert.deepEqual(view.errors, []);

      // Each chart's series drew in its own colour (the last-drawn series of a chart is never hidden).
      const px = await pixelsByColour(page, '.chart', SERIES_COLORS);
      const drawn = (id: string, series: keyof typeof SERIES_COLORS) => assert.ok(px[id][series] >= 30, `${id} ${series}: ${JSON.stringify(px[id])}`);
      drawn('chart-shape', 'planned');
      drawn('chart-shape', 'achieved');
      drawn('chart-latency', 'p50');
      drawn('chart-latency', 'max');
      drawn('chart-errors', 'failed');
      // Nothing of the latency colours on the load chart: the counts tell series apart.
      assert.equal(px['chart-shape'].p50, 0, JSON.stringify(px['chart-shape']));

      const summary = await rowsOf(page, 'summary');
      assert.match(summary.requests[0], new RegExp(`^${fmtCount(s.requests)}\\b`));
      assert.match(summary.status[0], new RegExp(`5xx ${fmtCount(s.statusClasses['5xx'])}`));
      const failures = await rowsOf(page, 'failures');
      assert.equal(failures['5xx answers'][0], fmtCount(s.statusClasses['5xx']));
      const versions = await rowsOf(page, 'versions');
      assert.match(versions.target[0], /^Gradebook API \d+\.\d+\.\d+ on Node\.js v\d+/);
      assert.equal(versions['Node.js'][0], process.version);
      // The command line, with the path quoted as it was typed, shown as text.
      assert.ok((await page.textContent('pre'))!.includes(`--report '${file}' --json`));
      assert.equal(await page.title(), `o11y load: GET ${svc.url}/students/`);

      const png = await page.screenshot({ fullPage: true });
      const share = await nonBlankShare(browser, png);
      assert.ok(share > 0.02, `only ${(share * 100).toFixed(2)}% of the screenshot is not background`);
    } finally {
      await view.close();
    }
    console.log(`# opened and checked in chromium in ${Date.now() - started} ms`);
  });

  test('markup in the command line and the target stays text', async () => {
    const name = `<img src=x onerror=alert(1)>&'".html`;
    const file = path.join(tmp, name);
    const args = ['--target', `${svc.url}/students/?limit=5&offset=0`, '--users', '2', '-d', '1s', '--report', file];
    const r = await load(args);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(file, 'utf8');
    assert.equal(html.match(/<script\b/g)?.length, 3, 'the data block, uPlot and the chart script only');
    const view = await openOffline(browser, file);
    try {
      assert.equal(await view.page.textContent('pre'), commandLine(['load', ...args]), 'the command, as text');
      assert.ok(commandLine(['load', ...args]).includes(`<img src=x onerror=alert(1)>&'\\''"`));
      assert.ok((await view.page.textContent('.headline'))!.includes('/students/?limit=5&offset=0'));
      assert.equal(await view.page.locator('img').count(), 0);
      assert.deepEqual(view.errors, []);
      assert.deepEqual([...view.requests], []);
    } finally {
      await view.close();
    }
  });

  test('with --warmup the report says which charted seconds the summary leaves out', async () => {
    const file = path.join(tmp, 'warm.html');
    const r = await load(['--target', svc.url, '--users', '5', '-d', '4s', '--warmup', '2s', '--report', file]);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(file, 'utf8');
    assert.equal(html.match(/Seconds 1-2 are the warm-up: charted here, left out of the summary\./g)?.length, 2, 'under the load and latency charts');
    assert.match(html, /the first 2s \(\d+ requests, 0 failed\) are not in these figures/);
    assert.match(html, /after a 2s warm-up/);
  });

  test('a report path that cannot be written fails before any load, saying what to do', async () => {
    const before = await svc.requestsServed('/students/');
    const missing = path.join(tmp, 'no-such-folder', 'r.html');
    const r = await load(['--target', svc.url, '--users', '5', '-d', '1s', '--report', missing]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot write --report .*r\.html: the folder .*no-such-folder does not exist/);
    assert.match(r.stderr, /mkdir -p/);
    assert.doesNotMatch(r.stdout + r.stderr, / rps /);

    const folder = await load(['--target', svc.url, '--users', '5', '-d', '1s', '--report', tmp]);
    assert.equal(folder.code, 1);
    assert.match(folder.stderr, /it is a folder/);

    // A folder of the user's that they may read but not write, as `chmod 500` leaves it.
    const denied = await loadAsOrdinaryUser((home) => {
      const locked = path.join(home, 'locked');
      mkdirSync(locked, { mode: 0o500 });
      chmodSync(locked, 0o500);
      return ['--target', svc.url, '--users', '5', '-d', '1s', '--report', path.join(locked, 'r.html')];
    });
    assert.equal(denied.code, 1, denied.stderr);
    assert.match(denied.stderr, /Cannot write --report .*r\.html: no permission to create files in .*locked/);
    // The path is checked first: not even the preflight's GET /students/ reached the service.
    assert.equal(await svc.requestsServed('/students/'), before);
  });

  test('Ctrl-C mid-run still writes the report, atomically, with the interrupted run', async () => {
    const file = path.join(tmp, 'interrupted.html');
    let sent = 0;
    const r = await load(['--target', svc.url, '--users', '10', '--duration', '5m', '--report', file, '--json'], (text, child) => {
      if (!sent && (text.match(/ rps /g) ?? []).length >= 2) {
        sent = Date.now();
        child.kill('SIGINT');
      }
    });
    assert.ok(sent, 'saw live lines');
    assert.equal(r.code, 130, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.stopReason, 'interrupted');
    assert.ok(existsSync(file));
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.endsWith('.tmp')),
      [],
    );
    const view = await openOffline(browser, file);
    try {
      assert.match((await view.page.textContent('.headline'))!, /stopped by Ctrl-C/);
      const summary = await rowsOf(view.page, 'summary');
      assert.match(summary.requests[0], new RegExp(`^${fmtCount(s.requests)}\\b`));
      await view.page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 3);
    } finally {
      await view.close();
    }
  });
});

// `o11y load`'s client metrics as a user meets them: the built CLI in a lab folder whose o11y.yaml
// points at the real gradebook and a real Prometheus (remote-write receiver on, as the lab's), so
// the run's series land under its run id, count what the server counted, compare both sides'
// p50/p99 in the summary; and a lab that is down, refuses remote write, or is not the target
// leaves one line and a run that completes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import YAML from 'yaml';
import { summaryTable } from '../../cli/load/report/summary-table.js';
import { LOAD_METRIC, METRIC } from '../../server/metric-names.js';
import { buildCli, type CliBuild } from '../support/cli-build.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { startGradebookProcess, type GradebookProcess } from '../support/gradebook-process.js';
import { startTempPrometheus, type TempPrometheus } from '../support/prometheus.js';

const CHAOS_TOKEN = 'client-metrics-chaos-token';
let cli: CliBuild;
let svc: GradebookProcess;
let prom: TempPrometheus;
const dirs: string[] = [];

/** A lab folder: o11y.yaml with the given ports (1 s scrapes, so the summary's wait is short). */
function labDir(ports: Record<string, number>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-client-metrics-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ ports, scrapeInterval: '1s', evaluationInterval: '1s' }));
  return dir;
}

async function load(cwd: string, args: string[]) {
  const res = await execa(process.execPath, [cli.entry, 'load', ...args], { cwd, env: { NO_COLOR: '1' }, reject: false, timeout: 60_000 });
  return { code: res.exitCode, stdout: String(res.stdout), stderr: String(res.stderr) };
}

/** The value of a one-series instant query at `time`, or undefined when it returns nothing. */
async function value(promql: string, time?: number): Promise<number | undefined> {
  const r = await prom.query(promql, time);
  return r.length ? Number(r[0].value[1]) : undefined;
}

before(async () => {
  cli = buildCli();
  svc = await startGradebookProcess({ chaosToken: CHAOS_TOKEN });
  prom = await startTempPrometheus(
    YAML.stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [`127.0.0.1:${svc.port}`] }] }] }),
  );
  // As in the lab, Prometheus has been scraping the service before a load starts (its first scrape comes a few seconds after start).
  await eventually('Prometheus scraping the gradebook', async () => (await prom.query('up{job="app"} == 1')).length > 0, {
    timeoutMs: 30_000,
    intervalMs: 250,
  });
});

after(async () => {
  await prom?.stop();
  await svc?.stop();
  cli?.remove();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('client metrics in the lab', { timeout: 120_000 }, () => {
  test("a run's series land under its run id, count what the server counted, and the summary compares both sides", async () => {
    const dir = labDir({ app: svc.port, prometheus: Number(new URL(prom.url).port) });
    const served = await svc.requestsServed();
    const r = await load(dir, ['--users', '20', '-d', '4s', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const run = s.clientMetrics.run as string;
    assert.match(run, /^\d{8}T\d{6}-[0-9a-f]{4}$/);
    assert.equal(s.clientMetrics.failed, 0);
    assert.match(r.stderr, new RegExp(`Client metrics: pushed to Prometheus at ${prom.url} as run="${run}"`));

    assert.ok(s.sides, `no client/server comparison in the summary: ${JSON.stringify(s.clientMetrics)}\n${r.stderr}`);
    const end = s.sides.window.end as number;
    const exported = await value(`sum(${LOAD_METRIC.responses}{run="${run}"})`, end);
    assert.equal(exported, s.requests, 'answers in Prometheus = requests in the summary');
    // The server counted the preflight's GET /students/ too.
    assert.equal((await svc.requestsServed()) - served, s.requests + 1);
    assert.equal(await value(`${LOAD_METRIC.responses}{run="${run}",status="2xx"}`, end), s.statusClasses['2xx']);
    assert.equal(await value(`${LOAD_METRIC.sent}{run="${run}"}`, end), s.requests);
    assert.equal(await value(`max_over_time(${LOAD_METRIC.usersPlanned}{run="${run}"}[10s])`, end), 20);
    assert.equal(await value(`max_over_time(${LOAD_METRIC.usersActive}{run="${run}"}[10s])`, end), 20);
    assert.equal(await value(`${LOAD_METRIC.errors}{run="${run}",kind="timeout"}`, end), 0);

    // One PromQL shape for both sides: the same le values.
    const les = async (sel: string) => (await prom.query(`count by (le) (${sel})`, end)).map((x) => x.metric.le).sort();
    assert.deepEqual(await les(`${LOAD_METRIC.duration}_bucket{run="${run}"}`), await les(`${METRIC.duration}_bucket{handler="/students/"}`));

    for (const side of [s.sides.clientMs, s.sides.serverMs]) assert.ok(side.p50 > 0 && side.p50 <= side.p99 && side.p99 < 1000, JSON.stringify(side));
    assert.equal(typeof s.sides.reading, 'string');
  });

  test("after a --warmup both sides start at the server's first scrape after it: a slow warm-up is in neither", async () => {
    const dir = labDir({ app: svc.port, prometheus: Number(new URL(prom.url).port) });
    // A cold service: every answer takes 600 ms until the warm-up's second live line, then none does.
    assert.equal((await svc.chaos('PUT', { latencyMs: 600 })).status, 200);
    let warm: Promise<Response> | undefined;
    try {
      const child = execa(process.execPath, [cli.entry, 'load', '--users', '50', '-d', '8s', '--warmup', '4s', '--json'], {
        cwd: dir,
        env: { NO_COLOR: '1' },
        reject: false,
        timeout: 60_000,
      });
      let warmLines = 0;
      child.stderr?.on('data', (chunk: Buffer) => {
        warmLines += (String(chunk).match(/warm-up: not in the summary/g) ?? []).length;
        if (warmLines >= 2) warm ??= svc.chaos('DELETE');
      });
      const r = await child;
      assert.equal(r.exitCode, 0, String(r.stderr));
      assert.equal((await warm)?.status, 200, 'the service was warmed during the warm-up');
      const s = JSON.parse(String(r.stdout));
      assert.ok(s.sides, `no client/server comparison: ${JSON.stringify(s.clientMetrics)}`);
      const run = s.clientMetrics.run as string;
      const into = s.sides.window.start - Date.parse(s.startedAt) / 1000;
      // 1 s scrapes: the first one after the warm-up's last tick (a timer may fire a millisecond early).
      const ended = s.warmup.endedAtS as number;
      assert.ok(ended > 3.9 && ended < 4.5, `the warm-up ended ${ended} s into the run`);
      assert.ok(into >= ended - 1e-3 && into < ended + 1.5, `the comparison starts ${into} s into the run, the warm-up ended at ${ended} s`);
      // The slow seconds are in Prometheus: over the whole run, the client's p99 is the injected latency.
      const wholeP99 = await value(`histogram_quantile(0.99, sum by (le) (increase(${LOAD_METRIC.duration}_bucket{run="${run}"}[30s])))`, s.sides.window.end);
      assert.ok(wholeP99 !== undefined && wholeP99 >= 0.5, `whole-run client p99 ${wholeP99} s`);
      // After the warm-up neither side holds them: 1 % of 600 ms answers would put the p99 in the
      // (0.5 s, 1 s] bucket. Below 0.5 s, a busy machine's slow answers may land; they are no fault.
      for (const side of [s.sides.clientMs, s.sides.serverMs]) assert.ok(side.p99 < 500, JSON.stringify(s.sides));
      assert.match(summaryTable(s), new RegExp(`\\(Prometheus, run="${run}", from ${into.toFixed(1)}s into the run, after the warm-up\\)`));
    } finally {
      await svc.chaos('DELETE');
    }
  });

  test("a finished run's gauges end at once (staleness marker), not five minutes later", async () => {
    const dir = labDir({ app: svc.port, prometheus: Number(new URL(prom.url).port) });
    const r = await load(dir, ['--users', '5', '-d', '2s', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const run = s.clientMetrics.run;
    assert.equal(await value(`max_over_time(${LOAD_METRIC.usersPlanned}{run="${run}"}[1m])`), 5, 'the run was there');
    assert.equal(await value(`${LOAD_METRIC.usersPlanned}{run="${run}"}`), undefined, 'and is gone now');
  });

  test('two runs never mix: each run id counts its own requests', async () => {
    const dir = labDir({ app: svc.port, prometheus: Number(new URL(prom.url).port) });
    const [a, b] = await Promise.all([load(dir, ['--users', '4', '-d', '3s', '--json']), load(dir, ['--users', '7', '-d', '3s', '--json'])]);
    const runs = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    assert.notEqual(runs[0].clientMetrics.run, runs[1].clientMetrics.run);
    for (const s of runs) {
      assert.equal(await value(`sum(${LOAD_METRIC.responses}{run="${s.clientMetrics.run}"})`, s.sides.window.end), s.requests);
    }
  });

  test('the terminal summary shows the client and the server side by side with a reading', async () => {
    const dir = labDir({ app: svc.port, prometheus: Number(new URL(prom.url).port) });
    const r = await load(dir, ['--users', '10', '-d', '2s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}client\s+p50 \S+ {3}p99 \S+ {3}\(Prometheus, run="\d{8}T\d{6}-[0-9a-f]{4}"\)$/m);
    assert.match(r.stdout, /^ {2}server\s+p50 \S+ {3}p99 \S+ {3}\(the gradebook's own histogram/m);
    assert.match(r.stdout, /^ {2}reading\s+\S/m);
  });

  test('with the lab down, the run completes and says once that its metrics went nowhere', async () => {
    const dir = labDir({ app: svc.port, prometheus: await freePort() });
    const r = await load(dir, ['--users', '5', '-d', '3s']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => /client metrics/i.test(l));
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0], /^Client metrics went nowhere: Prometheus at http:\/\/127\.0\.0\.1:\d+ is not answering \(ECONNREFUSED\)/);
    assert.match(r.stdout, /^ {2}metrics\s+went nowhere: Prometheus at .* is not answering/m);
    assert.match(r.stdout, /requests\s+15 /);
  });

  test('a Prometheus without the remote-write receiver: one line saying how to get it', async () => {
    const bare = await startTempPrometheus(YAML.stringify({ global: { scrape_interval: '1s' } }), {}, { remoteWriteReceiver: false });
    try {
      const dir = labDir({ app: svc.port, prometheus: Number(new URL(bare.url).port) });
      const r = await load(dir, ['--users', '5', '-d', '2s', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Client metrics went nowhere: .* does not accept remote write .*`o11y up` recreates it/);
      const s = JSON.parse(r.stdout);
      assert.equal(s.clientMetrics.pushed, 0);
      assert.equal(s.clientMetrics.failed, 1, 'a refusal that will not change is not retried every second');
      assert.equal(s.sides, undefined);
    } finally {
      await bare.stop();
    }
  });

  test("a target that is not the lab's app: the run completes, its metrics go nowhere, one line says why", async () => {
    const dir = labDir({ app: await freePort(), prometheus: Number(new URL(prom.url).port) });
    const r = await load(dir, ['--target', svc.url, '--users', '5', '-d', '2s', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^Client metrics went nowhere: ${svc.url} is not the lab's app`, 'm'));
    const s = JSON.parse(r.stdout);
    assert.equal(s.clientMetrics.run, undefined);
    assert.match(s.clientMetrics.nowhere, /is not the lab's app/);
    assert.equal(s.requests, 10);
  });
});

// `o11y up` with images present, from nothing to all healthy, and the no-op re-run
// (targets: <= 20 s and <= 2 s). Runs the built CLI against the real Docker engine with
// local images (`o11y images build` first, which is quick when they are up to date).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { imageEnvName } from '../cli/lab/load-config.js';
import { localImageRef } from '../cli/images/local-images.js';
import { SERVICES } from '../cli/services/index.js';
import { downStack } from '../cli/lab/down-stack.js';
import { freePort } from '../test/support/free-port.js';
import { buildLocalImages, requireDocker } from '../test/support/docker.js';
import { assertBuilt, o11y, ok } from '../test/support/o11y-cli.js';
import type { BenchSection } from './support/types.js';

export default async function stackBench(): Promise<BenchSection[]> {
  assertBuilt();
  await requireDocker();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-bench-stack-'));
  const project = `bench-${process.pid}`;
  const ports: Record<string, number> = {};
  for (const key of ['app', 'prometheus', 'alertmanager', 'grafana', 'postgres', 'postgresExporter', 'cadvisor']) ports[key] = await freePort();
  writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project, ports }));
  const up = ['up', '--images', 'local', '--pull', 'never'];
  try {
    await buildLocalImages(dir);
    const cold = ok(await o11y(up, { cwd: dir }), 'o11y up (from nothing)');
    const noop: number[] = [];
    for (let i = 0; i < 3; i++) noop.push(ok(await o11y(up, { cwd: dir }), 'o11y up (no-op)').ms);
    const median = [...noop].sort((a, b) => a - b)[1];
    // The same lab through plain image overrides (O11Y_IMAGE_*): no local-build planning on the way.
    const env: Record<string, string> = {};
    for (const service of SERVICES) {
      const ref = await localImageRef(service);
      if (ref) env[imageEnvName(service.name)] = ref;
    }
    writeFileSync(path.join(dir, 'o11y.yaml'), YAML.stringify({ project, ports, enabled: { grafana: false, cadvisor: false } }));
    ok(await o11y(['up', '--pull', 'never'], { cwd: dir, env }), 'o11y up (overrides)');
    const viaEnv: number[] = [];
    for (let i = 0; i < 3; i++) viaEnv.push(ok(await o11y(['up', '--pull', 'never'], { cwd: dir, env }), 'o11y up (overrides, no-op)').ms);
    const medianEnv = [...viaEnv].sort((a, b) => a - b)[1];
    return [
      {
        name: 'o11y up (local images, Grafana/cAdvisor left out)',
        rows: [
          { case: 'from nothing to all healthy', seconds: (cold.ms / 1000).toFixed(1), target: '<= 20', met: cold.ms <= 20_000 ? 'yes' : 'no' },
          { case: 'no-op re-run, --images local (median of 3)', seconds: (median / 1000).toFixed(2), target: '<= 2', met: median <= 2_000 ? 'yes' : 'no' },
          {
            case: 'no-op re-run, O11Y_IMAGE_* overrides (median of 3)',
            seconds: (medianEnv / 1000).toFixed(2),
            target: '<= 2',
            met: medianEnv <= 2_000 ? 'yes' : 'no',
          },
        ],
        notes: [
          'wall time of the whole command (Node start, render, reconcile, readiness), 5 containers',
          `1-min load average at the end: ${os.loadavg()[0].toFixed(2)}`,
        ],
      },
    ];
  } finally {
    await downStack(project, { volumes: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

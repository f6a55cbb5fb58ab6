import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import { renderCompose } from '../../cli/lab/compose.js';
import { SECRETS, testConfig, testStack } from '../support/stack-fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-compose-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `docker-compose config` (Debian's docker-compose v1) resolves .env and validates against the compose schema. */
// biome-ignore lint/suspicious/noExplicitAny: docker-compose's own output, walked freely by the assertions
function composeConfig(folder: string): Record<string, any> {
  try {
    return YAML.parse(
      execFileSync('docker-compose', ['--project-directory', folder, '-f', path.join(folder, 'compose.yaml'), 'config'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('docker-compose is missing: install it with `apt-get install docker-compose` (`npm test` installs it as root on Debian)');
    throw new Error(`docker-compose config rejected the file:\n${e.stderr}`);
  }
}

describe('rendered compose project', () => {
  const { stack } = testStack(testConfig((c) => (c.enabled.cadvisor = true)));
  for (const f of renderCompose(stack, SECRETS)) writeFileSync(path.join(dir, f.path), f.content, { mode: f.mode ?? 0o644 });

  it('passes `docker-compose config` and resolves to the same services, images, ports and env as `up` uses', () => {
    const resolved = composeConfig(dir);
    assert.deepEqual(Object.keys(resolved.services).sort(), stack.services.map((s) => s.name).sort());
    for (const s of stack.services) {
      const c = resolved.services[s.name];
      assert.equal(c.image, s.image);
      // v1 prints the short form "ip:host:container", v2 the long form.
      const ports = c.ports.map((p: string | { published: number | string; target: number; host_ip: string }) =>
        typeof p === 'string' ? p.replace(/\/tcp$/, '') : `${p.host_ip}:${p.published}:${p.target}`,
      );
      assert.deepEqual(
        ports,
        s.ports.map((p) => `127.0.0.1:${p.host}:${p.container}`),
      );
    }
    // Compose without swarm cannot hand nobody or grafana a private file: values from the 0600 .env.
    assert.equal(resolved.services.app.environment.DATABASE_URL, 'postgres://postgres@postgres:5432/gradebook');
    assert.equal(resolved.services.app.environment.DATABASE_PASSWORD, SECRETS.postgresPassword);
    assert.equal(resolved.services['postgres-exporter'].environment.DATA_SOURCE_PASS, SECRETS.postgresPassword);
    assert.equal(resolved.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD, SECRETS.grafanaPassword);
    assert.deepEqual(resolved.services.app.depends_on, { postgres: { condition: 'service_healthy' } });
  });

  it('keeps secrets out of compose.yaml, in a 0600 .env', () => {
    const compose = readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    for (const secret of Object.values(SECRETS)) assert.ok(!compose.includes(secret), 'compose.yaml must not hold a secret');
    assert.equal(statSync(path.join(dir, '.env')).mode & 0o777, 0o600);
    assert.match(readFileSync(path.join(dir, '.env'), 'utf8'), /^COMPOSE_PROJECT_NAME=unit$/m);
  });
});

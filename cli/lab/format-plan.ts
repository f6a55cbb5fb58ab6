// `o11y up --dry-run` as text: what `up` would write, pull or build, create, remove and check.
import path from 'node:path';
import { style, table } from '../output.js';
import type { FileStep, UpPlan } from './up-plan.js';

const ACTION: Record<UpPlan['services'][number]['action'], string> = {
  create: 'create',
  recreate: 'recreate',
  start: 'start (stopped)',
  restart: 'restart',
  reload: 'reload in place',
  wait: 'wait until healthy',
  unchanged: 'keep (up to date)',
};

const ENGINE: Record<UpPlan['engine'], string> = { docker: 'Docker' };

const IMAGE: Record<UpPlan['images'][number]['action'], string> = {
  present: 'present',
  pull: 'pull',
  build: 'build here (o11y images build)',
  missing: 'missing, and --pull never forbids pulling it: up would stop',
};

export function formatPlan(plan: UpPlan, cwd = process.cwd()): string {
  const rel = (p: string) => (path.relative(cwd, p).startsWith('..') ? p : path.relative(cwd, p) || '.');
  const out: string[] = [`Plan for the lab "${plan.project}" on ${ENGINE[plan.engine]} (dry run: nothing was changed)`];
  if (plan.blocked) {
    out.push('', `${style.red('✖')} up would stop before changing anything: ${plan.blocked.message}`, `  ${plan.blocked.hint}`);
  }
  out.push('', 'Files:', ...(plan.files.length ? fileLines(plan.files, rel) : ['  nothing to write']));
  out.push(
    '',
    'Images:',
    ...plan.images.map((i) => `  ${i.action === 'present' ? style.green('✔') : style.cyan('↓')} ${i.ref} (${i.services.join(', ')}): ${IMAGE[i.action]}`),
  );
  out.push('', `Network: ${plan.network.name}: ${plan.network.action}`);
  if (plan.volumes.length) out.push(`Volumes: ${plan.volumes.map((v) => `${v.name}: ${v.action}`).join(', ')}`);
  for (const r of plan.remove) out.push(`${style.yellow('−')} remove ${r.service} (no longer part of the stack)`);
  const rows = plan.services.map((s) => [String(s.step), s.name, ACTION[s.action] + (s.why ? ` (${s.why})` : ''), s.image]);
  out.push('', 'Services, in start order (each step once the one before is healthy):', table(['step', 'service', 'action', 'image'], rows));
  if (plan.ports.length) {
    const check = { free: 'free', reused: 'held by the container this run replaces', held: style.red('in use by something else: up would stop here') };
    // One list per address: an exposed lab publishes PostgreSQL and the exporters on the loopback.
    for (const address of [...new Set(plan.ports.map((p) => p.address))]) {
      const here = plan.ports.filter((p) => p.address === address);
      out.push('', `Ports to check on ${address}:`, ...here.map((p) => `  ${p.port} (${p.service}, ${p.configKey}): ${check[p.check]}`));
    }
  }
  if (plan.secrets.length) out.push('', `Secret files copied in before start: ${plan.secrets.map((s) => `${s.service} (${s.files.length})`).join(', ')}`);
  if (plan.notes.length) out.push('', ...plan.notes.map((n) => `${style.dim('note:')} ${n}`));
  return out.join('\n');
}

/** Rendered files grouped when there are more than a few: a fresh state folder has a dozen. */
function fileLines(files: FileStep[], rel: (p: string) => string): string[] {
  const groups = new Map<string, FileStep[]>();
  for (const f of files) {
    const rendered = f.why === 'rendered from o11y.yaml' || f.why === 'its content changed';
    const key = rendered ? `${f.action}\0${f.why}` : `${f.path}\0${f.action}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].flatMap((g) => {
    const mark = g[0].action === 'create' ? style.green('+') : style.yellow('~');
    if (g.length <= 3) return g.map((f) => `  ${mark} ${f.action} ${rel(f.path)}: ${f.why}`);
    return [`  ${mark} ${g[0].action} ${g.length} files under ${rel(commonDir(g.map((f) => f.path)))}/: ${g[0].why}`];
  });
}

function commonDir(paths: string[]): string {
  let dir = path.dirname(paths[0]);
  while (!paths.every((p) => p.startsWith(dir + path.sep))) dir = path.dirname(dir);
  return dir;
}

// The one place flags (and a preset) become RunOptions: presets fill in, flags override,
// conflicts are refused with a reason. What consumes the run (--until-alert among them) is chosen
// apart, as its outputs (cli/lab/load-outputs.ts).
import type { LabConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { formatDuration, parseCount, parseDuration, parseRatio } from '../units.js';
import { labUrl } from '../stack/host-url.js';
import { connectionCap } from './fd-limit.js';
import { describePlan, parseStages, rampThenHold, type LoadPlan } from './plan.js';
import { PRESETS, presetNames, type PresetFlags } from './presets.js';
import type { RunOptions } from './run-load.js';

export interface LoadFlags extends PresetFlags {
  preset?: string;
  target?: string;
  path?: string;
  method?: string;
  body?: string;
  timeout?: string;
  connections?: string;
  warmup?: string;
  force?: boolean;
}

export interface ResolvedLoad {
  run: RunOptions;
  /** Check only that the target answers, not that it is the gradebook. */
  force: boolean;
  /** Lines to print before starting (what will run, preset notes). */
  notes: string[];
}

export const DEFAULTS = { users: '10', duration: '1m', maxDuration: '10s', maxConnections: '50', timeout: '10s', path: '/students/' };
const SHAPE_KEYS = ['users', 'rate', 'max', 'stages'] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Preset values first, then the user's flags; a user-chosen shape replaces the preset's shape. */
export function mergeWithPreset(flags: LoadFlags): { merged: LoadFlags; note?: string } {
  if (!flags.preset) return { merged: flags };
  const preset = PRESETS[flags.preset];
  if (!preset) {
    throw new UserError(`Unknown preset "${flags.preset}".`, { code: 'O11Y_NAME_UNKNOWN', hint: `Presets: ${presetNames().join(', ')}.` });
  }
  const base: PresetFlags = { ...preset.flags };
  if (SHAPE_KEYS.some((k) => flags[k] !== undefined && flags[k] !== false)) for (const k of SHAPE_KEYS) delete base[k];
  // Stages set their own timing; a preset's ramp/duration would conflict with user stages.
  if (flags.stages) {
    delete base.ramp;
    delete base.duration;
  }
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { merged: { ...base, ...defined }, note: preset.note };
}

function targetOf(f: LoadFlags, config: LabConfig): { origin: string; path: string } {
  const raw = f.target ?? labUrl(config, 'app');
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new UserError(`Invalid --target "${raw}".`, { code: 'O11Y_FLAG_INVALID', hint: 'e.g. --target http://127.0.0.1:8000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`--target must be an http(s) URL, not ${url.protocol}`, { code: 'O11Y_FLAG_INVALID' });
  const fromUrl = url.pathname !== '/' || url.search ? url.pathname + url.search : undefined;
  const path = f.path ?? fromUrl ?? DEFAULTS.path;
  return { origin: url.origin, path: path.startsWith('/') ? path : `/${path}` };
}

function exclusive(f: LoadFlags, keys: (keyof LoadFlags)[], why: string): void {
  const given = keys.filter((k) => f[k] !== undefined && f[k] !== false);
  if (given.length > 1)
    throw new UserError(`${given.map((k) => `--${kebab(k)}`).join(' and ')} cannot be used together: ${why}.`, { code: 'O11Y_FLAGS_CONFLICT' });
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface BuildOptions {
  /** The hold when neither the flags nor the preset give --duration (`--until-alert`: the rule's time limit). */
  defaultDurationMs?: number;
  /** What ends the last hold before its duration (`--until-alert`: "HighRequestRate fires"), for the line said before the run. */
  holdUntil?: string;
}

export function buildRunOptions(flags: LoadFlags, config: LabConfig, build: BuildOptions = {}): ResolvedLoad {
  const { merged: f, note } = mergeWithPreset(flags);
  const holdMs = (fallback: string) =>
    f.duration !== undefined
      ? parseDuration(f.duration, { what: '--duration', bareSeconds: true })
      : (build.defaultDurationMs ?? parseDuration(fallback, { what: '--duration' }));
  exclusive(f, ['users', 'rate', 'max'], 'choose virtual users, a fixed request rate, or --max');
  exclusive(f, ['stages', 'ramp'], '--stages already says how the load changes');
  exclusive(f, ['stages', 'duration'], '--stages already says how long each step lasts');
  exclusive(f, ['max', 'stages'], '--max runs flat out for --duration');
  exclusive(f, ['max', 'ramp'], '--max runs flat out for --duration');

  const mode = f.max ? 'max' : f.rate !== undefined ? 'rate' : 'users';
  const method = (f.method ?? 'GET').toUpperCase();
  if (!METHODS.includes(method))
    throw new UserError(`Unsupported --method ${f.method}.`, { code: 'O11Y_FLAG_INVALID', hint: `Use one of ${METHODS.join(', ')}.` });
  const timeoutMs = parseDuration(f.timeout ?? DEFAULTS.timeout, { what: '--timeout', bareSeconds: true });
  if (timeoutMs < 1) throw new UserError('--timeout must be at least 1ms.', { code: 'O11Y_FLAG_INVALID' });
  const { origin, path } = targetOf(f, config);

  let plan: LoadPlan;
  let connections: number | undefined;
  const unit = mode === 'rate' ? 'requests/s' : mode === 'max' ? 'connections' : 'users';
  if (mode === 'max') {
    connections = parseCount(f.connections ?? DEFAULTS.maxConnections, '--connections', { max: 10_000 });
    plan = rampThenHold(connections, 0, holdMs(DEFAULTS.maxDuration));
  } else {
    if (f.connections !== undefined) {
      if (mode === 'users')
        throw new UserError('--connections applies to --rate and --max: each virtual user has its own connection.', { code: 'O11Y_FLAGS_CONFLICT' });
      connections = parseCount(f.connections, '--connections', { max: 20_000 });
    }
    if (f.stages) {
      plan = { start: 0, stages: parseStages(f.stages) };
    } else {
      const level = mode === 'rate' ? parseCount(f.rate!, '--rate', { max: 100_000 }) : parseCount(f.users ?? DEFAULTS.users, '--users', { max: 20_000 });
      const rampMs = f.ramp ? parseDuration(f.ramp, { what: '--ramp', bareSeconds: true }) : 0;
      plan = rampThenHold(level, rampMs, holdMs(DEFAULTS.duration));
    }
    const peak = Math.max(plan.start, ...plan.stages.map((s) => s.target));
    if (mode === 'users' && peak > 20_000)
      throw new UserError(`At most 20000 users (each holds a connection); the stages ask for ${peak}.`, { code: 'O11Y_FLAG_INVALID' });
  }
  const total = plan.stages.reduce((s, x) => s + x.durationMs, 0);
  if (total <= 0) throw new UserError('The run has no duration.', { code: 'O11Y_FLAG_INVALID', hint: 'Pass --duration (e.g. 1m) or --stages.' });
  if (total > 24 * 3_600_000) throw new UserError('A run is limited to 24h.', { code: 'O11Y_FLAG_INVALID' });
  const warmupS = warmupOf(f.warmup, total);

  const thresholds = {
    maxP99Ms: f.maxP99 !== undefined ? parseDuration(f.maxP99, { what: '--max-p99' }) : undefined,
    maxErrorRate: f.maxErrorRate !== undefined ? parseRatio(f.maxErrorRate, { what: '--max-error-rate' }) : undefined,
  };
  if (f.body !== undefined) {
    // It goes out as application/json: a typo would turn every request into a 4xx.
    try {
      JSON.parse(f.body);
    } catch (err) {
      throw new UserError(`--body is not valid JSON (${(err as Error).message}).`, {
        code: 'O11Y_FLAG_INVALID',
        hint: `Quote it for the shell: --body '{"name":"Ada"}'.`,
      });
    }
  }
  const shape = describePlan(plan, unit, build.holdUntil);
  const notes = [
    `${method} ${origin}${path}: ${mode === 'max' ? `as fast as it answers on ${connections} connections ${shape.replace(/^hold \d+ connections /, '')}` : shape}${mode === 'users' ? ' (1 request/s each)' : ''}`,
  ];
  if (warmupS) notes.push(`the first ${warmupS}s are a warm-up: sent as planned and shown live, left out of the summary`);
  if (note) notes.push(note);
  const cap = connectionCap();
  if (connections !== undefined && connections > cap) {
    notes.push(
      `--connections ${connections} is more than this process may hold (half its open-file limit): using ${cap}. Raise the limit (ulimit -n) for more.`,
    );
    connections = cap;
  }
  return {
    run: {
      mode,
      plan,
      target: { origin, path, method, timeoutMs, body: f.body },
      connections,
      thresholds,
      preset: f.preset,
      warmupS,
    },
    force: f.force ?? false,
    notes,
  };
}

/** --warmup in whole seconds (the summary's windows), at least a second shorter than the run it is part of. */
function warmupOf(text: string | undefined, runMs: number): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text, { what: '--warmup', bareSeconds: true });
  if (ms <= 0 || ms % 1000 !== 0)
    throw new UserError(`--warmup counts whole seconds (the summary's windows), got ${text}.`, { code: 'O11Y_FLAG_INVALID', hint: 'e.g. --warmup 10s' });
  if (ms > runMs - 1000) {
    throw new UserError(`--warmup ${formatDuration(ms)} leaves less than a second to measure: the whole run lasts ${formatDuration(runMs)}.`, {
      code: 'O11Y_FLAG_INVALID',
      hint: 'The warm-up is part of the run: lengthen --duration (e.g. --warmup 10s -d 40s counts the last 30s).',
    });
  }
  return ms / 1000;
}

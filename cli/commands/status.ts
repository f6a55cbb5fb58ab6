// `o11y status`: per service state, health, uptime, CPU, memory, URL; Prometheus targets.
import type { Command } from 'commander';
import { loadConfig } from '../lab/load-config.js';
import { printJson, style, table, terminalWidth, wrapText } from '../output.js';
import { labStopped, stoppedOrFailed, stackStatus, unreachable, type StackStatus } from '../lab/stack-status.js';
import { looseSecretsMode, readSecrets, secretsPath } from '../config/secrets.js';
import { type Exposure, exposure, formatExposure } from '../lab/exposure-table.js';
import type { LabConfig } from '../config/schema.js';
import { getAlertStatus, type AlertStatus } from '../alerts/alert-status.js';
import { formatAlertStatus } from '../alerts/format-alert-status.js';

type FullStatus = StackStatus & {
  alerts?: AlertStatus;
  alertsError?: string;
  /** Set when the secrets file is not private. */
  secretsMode?: number;
  /** What other machines can reach and with which login, when the lab is exposed. */
  exposure?: Exposure;
};

/** The exposure of the running services, from where their containers publish. */
function withExposure(st: FullStatus, stateDir: string): FullStatus {
  const published = st.services
    .filter((s) => s.state === 'running')
    .flatMap((s) => (s.published ?? []).map((p) => ({ service: s.service, hostIp: p.hostIp, port: p.port, webConfig: s.webConfig === true })));
  const e = exposure(published, secretsPath(stateDir));
  return e ? { ...st, exposure: e } : st;
}

/** Adds the alerts (and Telegram delivery counts) when Prometheus runs; never fails the whole status. */
async function withAlerts(st: StackStatus, config: LabConfig, stateDir: string): Promise<FullStatus> {
  if (!st.services.some((s) => s.service === 'prometheus' && s.state === 'running')) return st;
  try {
    return { ...st, alerts: await getAlertStatus(config, readSecrets(stateDir)) };
  } catch (err) {
    return { ...st, alertsError: (err as Error).message };
  }
}

function uptime(s?: number): string {
  if (s === undefined) return '-';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function colourHealth(h: string): string {
  return h === 'healthy' ? style.green(h) : h === 'unhealthy' ? style.red(h) : h === 'starting' ? style.yellow(h) : h;
}

/** `width`: the terminal's (none: whole lines); tables fit it and sentences wrap between words. */
export function formatStatus(st: FullStatus, width = terminalWidth(process.stdout)): string {
  const fit = (text: string) => (width ? wrapText(text, width, '  ') : text);
  const stopped = `The lab "${st.project}" is not running: \`o11y up\` starts it.`;
  // Nothing created at all: a table of "missing" rows says less than the one line.
  if (st.services.every((s) => s.state === 'missing' || s.state === 'left-out')) return fit(stopped);
  const rows = st.services.map((s) => [
    s.service,
    s.state === 'running' ? style.green(s.state) : s.state === 'missing' || s.state === 'left-out' ? style.dim(s.state) : style.red(s.state),
    unreachable(s) ? style.red('unreachable') : colourHealth(s.health),
    uptime(s.uptimeSeconds),
    s.cpuPercent === undefined ? '-' : `${s.cpuPercent.toFixed(1)}%`,
    s.memoryBytes === undefined ? '-' : `${(s.memoryBytes / 1048576).toFixed(0)} MiB`,
    s.url ?? '',
  ]);
  let out = `Lab "${st.project}"\n` + table(['SERVICE', 'STATE', 'HEALTH', 'UPTIME', 'CPU', 'MEMORY', 'URL'], rows, [3, 4, 5], width);
  for (const s of st.services) if (s.reason) out += `\n${fit(`${style.yellow('!')} ${s.reason}`)}`;
  for (const s of st.services.filter(unreachable)) {
    out += `\n${fit(
      `${style.red('✖')} ${s.service} runs, but ${s.url ?? 'its published port'} does not answer from this machine (Docker's port forwarding for it is gone).` +
        ` \`o11y up\` restarts it; so does \`docker restart ${st.project}-${s.service}\`.`,
    )}`;
  }
  if (st.targets) {
    const trows = st.targets.map((t) => [t.job, t.instance, t.health === 'up' ? style.green('up') : style.red(t.health), t.lastError ?? '']);
    out += '\n\nPrometheus targets\n' + table(['JOB', 'INSTANCE', 'HEALTH', 'LAST ERROR'], trows, [], width);
  } else if (st.services.some((s) => s.service === 'prometheus' && s.state === 'running')) {
    out += `\n\n${fit(`Prometheus targets: Prometheus did not answer${st.targetsError ? ` (${st.targetsError.replace(/\.$/, '')})` : ''}.`)}`;
  }
  if (st.exposure) out += `\n\n${formatExposure(st.exposure)}`;
  if (st.secretsMode !== undefined) {
    out += `\n\n${fit(`${style.red('✖')} the secrets file is mode 0${st.secretsMode.toString(8)}: other users of this machine can read the passwords. \`chmod 600 .o11y/secrets.yaml\` (\`o11y up\` does it too).`)}`;
  }
  if (st.alerts) out += '\n\n' + formatAlertStatus(st.alerts, width);
  else if (st.alertsError) out += `\n\n${fit(`Alerts: ${st.alertsError}`)}`;
  if (labStopped(st)) out += `\n\n${fit(stopped)}`;
  return out;
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('state, health, uptime, CPU and memory of each service, and Prometheus scrape targets')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .option('--json', 'machine-readable output')
    .option('-w, --watch', 'refresh every 2 seconds until Ctrl-C')
    .addHelpText('after', "\nExamples:\n  $ o11y status\n  $ o11y status --watch\n  $ o11y status --json | jq '.services[] | {service, health}'")
    .action(async (flags: { config?: string; json?: boolean; watch?: boolean }) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const snapshot = async (): Promise<FullStatus> => {
        const st = withExposure(await withAlerts(await stackStatus(config, stateDir), config, stateDir), stateDir);
        const loose = looseSecretsMode(stateDir);
        return loose === undefined ? st : { ...st, secretsMode: loose };
      };
      if (!flags.watch) {
        const st = await snapshot();
        if (flags.json) printJson(st);
        else console.log(formatStatus(st));
        const unguarded = (st.exposure?.unguarded.length ?? 0) > 0;
        const broken =
          st.services.some(stoppedOrFailed) || st.services.some((s) => s.health === 'unhealthy' || unreachable(s)) || st.secretsMode !== undefined || unguarded;
        if (broken || labStopped(st)) process.exitCode = 1;
        return;
      }
      for (;;) {
        const st = await snapshot();
        if (flags.json) console.log(JSON.stringify(st));
        else if (process.stdout.isTTY)
          process.stdout.write('\u001b[H\u001b[2J' + formatStatus(st) + `\n\n${style.dim(`${new Date().toLocaleTimeString()} · Ctrl-C to stop`)}\n`);
        else console.log(formatStatus(st) + '\n');
        await new Promise((r) => setTimeout(r, 2000));
      }
    });
}

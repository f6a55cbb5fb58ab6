// `o11y target`: the lab scrapes your own service. add checks it from where Prometheus runs before
// saving it in o11y.yaml; ls shows each one's state; rm stops scraping it. Prometheus reloads in
// place for each change (no restart, no data lost).
import type { Command } from 'commander';
import { request } from '../clients/lab-http.js';
import { fetchTargets, queryValue, type ScrapeTarget } from '../clients/prometheus-api.js';
import { removeTarget, setTarget } from '../config/edit-config.js';
import { defaultBridgeGateway } from '../docker/networks.js';
import type { LabConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import { applyToPrometheus, firstScrape, recogniseTarget, requireRunningPrometheus } from '../lab/apply-targets.js';
import { loadConfig, type LoadedConfig } from '../lab/load-config.js';
import { runningLab } from '../lab/running-lab.js';
import { printJson, style, table } from '../output.js';
import { LAB_NAMES } from '../services/index.js';
import { labUrl } from '../stack/host-url.js';
import type { Recognised } from '../targets/families/index.js';
import { parseExposition } from '../targets/exposition.js';
import { explainScrapeFailure, type HostAnswer } from '../targets/scrape-failure.js';
import { checkTargetName, metricsUrl, type ScrapeEndpoint, scrapeEndpoint } from '../targets/target-address.js';
import { parseDuration } from '../units.js';

export function registerTarget(program: Command): void {
  const target = program
    .command('target')
    .description('watch your own service: the lab scrapes it beside the gradebook (add, ls, rm)')
    .addHelpText(
      'after',
      `
Examples:
  $ o11y target add shop http://localhost:3000/metrics          a service on this machine
  $ o11y target add api https://api.example.test:8443 --metrics-path /actuator/prometheus
  $ o11y target ls
  $ o11y target rm shop

localhost in a URL means this machine: the lab's containers reach it as host.docker.internal,
so the service must listen on 0.0.0.0, not only on 127.0.0.1. See docs/targets.md.`,
    );

  target
    .command('add')
    .description("scrape a service's metrics: checked once from the lab's Prometheus, then saved in o11y.yaml")
    .argument('<name>', 'its name in the lab (its Prometheus job): lowercase letters, digits, "-"')
    .argument('<url>', 'its metrics URL (http://localhost:3000/metrics), or its base URL with --metrics-path')
    .option('--metrics-path <path>', "the path of its metrics when <url> is its base (default: the URL's path, or /metrics)")
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .action(async (name: string, raw: string, flags: { metricsPath?: string; config?: string }) => {
      const loaded = loadSavedConfig(flags.config);
      checkTargetName(name, { lab: LAB_NAMES, targets: Object.keys(loaded.config.targets) });
      const url = metricsUrl(raw, flags.metricsPath);
      const at = scrapeEndpoint(url);
      const { localImages } = await requireRunningPrometheus(loaded.config);
      const candidate: LabConfig = { ...loaded.config, targets: { ...loaded.config.targets, [name]: { url: url.href } } };
      console.log(
        `${style.cyan('•')} checking ${name}: the lab's Prometheus scrapes ${url.href}${at.onThisMachine ? style.dim(` (this machine, as ${at.address})`) : ''}`,
      );
      process.once('SIGINT', () => {
        console.error(`\n${style.yellow('!')} interrupted: ${name} was not saved; \`o11y up\` puts Prometheus back as o11y.yaml says.`);
        process.exit(130);
      });
      await applyToPrometheus(loaded, candidate, localImages);
      const waitMs = 2 * parseDuration(loaded.config.scrapeInterval) + 10_000;
      const scraped = await firstScrape(candidate, name, waitMs);
      if (scraped?.health !== 'up') {
        const failure = explainScrapeFailure(scraped?.lastError ?? `no scrape within ${Math.round(waitMs / 1000)} s`, url, at, await hostAnswer(url, at));
        await applyToPrometheus(loaded, loaded.config, localImages);
        throw new UserError(`${failure.message} Nothing was saved.`, { code: failure.code, hint: failure.hint });
      }
      setTarget(loaded.configPath, name, { url: url.href });
      const series = await queryValue(labUrl(candidate, 'prometheus'), `scrape_samples_scraped{job=${JSON.stringify(name)}}`).catch(() => undefined);
      console.log(
        `${style.green('✔')} ${name} is up: ${series ?? '?'} series, scraped in ${formatMs(scraped.lastScrapeDurationS)}; saved in o11y.yaml (targets.${name}), Prometheus reloaded without a restart.`,
      );
      printRecognised(await recogniseTarget(candidate, name));
    });

  target
    .command('ls')
    .description('the targets the lab scrapes, and how their last scrape went')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { config?: string; json?: boolean }) => {
      const { config } = loadConfig({ configPath: flags.config });
      const rows = await targetStates(config);
      if (flags.json) return printJson(rows);
      if (rows.length === 0) {
        console.log('No targets yet. Add your service: o11y target add shop http://localhost:3000/metrics');
        return;
      }
      console.log(
        table(
          ['target', 'url', 'state', 'last scrape', 'series'],
          rows.map((r) => [
            r.name,
            r.url,
            r.state === 'up' ? style.green('up') : r.state === 'down' ? style.red(`down: ${r.lastError ?? ''}`) : style.dim(r.state),
            r.lastScrape ?? '-',
            r.series === undefined ? '-' : String(r.series),
          ]),
          [4],
        ),
      );
    });

  target
    .command('rm')
    .description('stop scraping a target (its data stays until Prometheus drops it, after 15 days)')
    .argument('<name>', 'the target, as `o11y target ls` names it')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .action(async (name: string, flags: { config?: string }) => {
      const loaded = loadSavedConfig(flags.config);
      const names = Object.keys(loaded.config.targets);
      if (!names.includes(name))
        throw new UserError(`There is no target "${name}".`, {
          code: 'O11Y_NAME_UNKNOWN',
          hint: names.length ? `The targets are: ${names.join(', ')}.` : 'There are no targets; `o11y target add` adds one.',
        });
      removeTarget(loaded.configPath, name);
      const { [name]: _gone, ...rest } = loaded.config.targets;
      const running = await runningLab(loaded.config.project);
      if (!running?.services.includes('prometheus')) {
        console.log(`${style.green('✔')} removed ${name} from o11y.yaml (the lab is not running: nothing else to change).`);
        return;
      }
      await applyToPrometheus(loaded, { ...loaded.config, targets: rest }, running.localImages);
      console.log(`${style.green('✔')} removed ${name}: Prometheus reloaded without a restart and no longer scrapes it; what it stored stays for 15 days.`);
    });
}

function loadSavedConfig(configPath: string | undefined): LoadedConfig {
  const loaded = loadConfig({ configPath });
  if (!loaded.fromFile)
    throw new UserError(`There is no ${loaded.configPath}: targets are saved in it.`, {
      code: 'O11Y_CONFIG_MISSING',
      hint: 'Run `o11y up` (or `o11y init`) here first.',
    });
  return loaded;
}

/**
 * What this machine gets from the same URL, to say why the scrape failed: for a service here, on
 * its loopback ("127.0.0.1 only" when that answers and the lab could not), else on the address
 * the lab's containers reach it at (the default bridge's gateway, for what a page says it is).
 */
async function hostAnswer(url: URL, at: ScrapeEndpoint): Promise<HostAnswer> {
  const hosts = at.onThisMachine ? ['127.0.0.1', await defaultBridgeGateway()] : [url.hostname];
  for (const host of hosts) {
    if (!host) continue;
    const here = new URL(url);
    here.hostname = host;
    try {
      const answer = await request({ service: 'your service', baseUrl: here.origin, path: `${here.pathname}${here.search}`, timeoutMs: 3000 });
      const parsed = parseExposition(answer.text);
      return { reached: true, status: answer.status, ...(parsed.ok ? {} : { notMetrics: parsed.reason }) };
    } catch {
      // not from here: the next address, or not reached at all
    }
  }
  return { reached: false };
}

export interface TargetState {
  name: string;
  url: string;
  state: 'up' | 'down' | 'not scraped yet' | 'lab not running';
  lastError?: string;
  lastScrape?: string;
  series?: number;
}

async function targetStates(config: LabConfig): Promise<TargetState[]> {
  const entries = Object.entries(config.targets);
  if (entries.length === 0) return [];
  const running = await runningLab(config.project);
  const scraped: ScrapeTarget[] = running?.services.includes('prometheus') ? await fetchTargets(labUrl(config, 'prometheus')).catch(() => []) : [];
  return Promise.all(
    entries.map(async ([name, t]): Promise<TargetState> => {
      if (!running) return { name, url: t.url, state: 'lab not running' };
      const s = scraped.find((x) => x.job === name);
      if (!s || s.lastScrapeMs === undefined) return { name, url: t.url, state: 'not scraped yet' };
      const series = await queryValue(labUrl(config, 'prometheus'), `scrape_samples_scraped{job=${JSON.stringify(name)}}`).catch(() => undefined);
      return {
        name,
        url: t.url,
        state: s.health === 'up' ? 'up' : 'down',
        ...(s.lastError ? { lastError: s.lastError } : {}),
        lastScrape: `${Math.max(0, Math.round((Date.now() - s.lastScrapeMs) / 1000))} s ago`,
        ...(series !== undefined ? { series } : {}),
      };
    }),
  );
}

function printRecognised(r: Recognised): void {
  console.log(`  client library: ${r.family.name}${r.provisional ? style.dim(` (${r.provisional})`) : ''}`);
  for (const o of r.offers) {
    const mark = o.data ? style.green('✔') : style.yellow('✗');
    console.log(`  ${mark} ${o.signal}${o.note ? `: ${o.note}` : ''}${o.setting ? style.dim(` (to add: ${o.setting})`) : ''}`);
  }
  if (r.family.id === 'unknown')
    console.log(
      `  it exposes: ${r.exposes
        .slice(0, 8)
        .map((e) => `${e.name} (${e.type})`)
        .join(', ')}${r.exposes.length > 8 ? `, and ${r.exposes.length - 8} more` : ''}`,
    );
}

function formatMs(seconds: number | undefined): string {
  return seconds === undefined ? '?' : `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
}

// `o11y init`: writes o11y.yaml (safe to commit) and the secrets file; asks in a terminal,
// scriptable with flags and --yes. Re-running keeps existing secrets and settings.
import { configOption, shortConfigRefused } from './config-option.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { confirm, input, number } from '@inquirer/prompts';
import type { Command } from 'commander';
import { loadConfig, validateConfig } from '../lab/load-config.js';
import { ensureSecrets, readSecrets, secretsPath } from '../config/secrets.js';
import type { LabConfig } from '../config/schema.js';
import { SERVICES } from '../services/index.js';
import type { ServiceModule } from '../services/service.js';
import { writeConfig } from '../config/write-config.js';
import { UserError } from '../errors.js';
import { style } from '../output.js';
import { configureTelegram } from '../telegram/configure.js';

interface InitFlags {
  config?: string;
  yes?: boolean;
  project?: string;
  scrapeInterval?: string;
  telegramToken?: string;
  telegramChatId?: string;
  /** --<service>-port and --[no-]<optional service>, one per service module (camelCase keys). */
  [serviceFlag: string]: string | boolean | undefined;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** commander's camelCase property for `--<kebab>`. */
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The port flag of a service: --app-port, --postgres-exporter-port, ... */
const portFlag = (s: ServiceModule) => `${kebab(s.port.key)}-port`;

function port(value: string | boolean | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new UserError(`--${key} must be a port number 1-65535 (got "${value}").`, { code: 'O11Y_FLAG_INVALID' });
  return n;
}

function applyFlags(c: LabConfig, f: InitFlags): void {
  if (f.project) c.project = f.project;
  for (const s of SERVICES) {
    c.ports[s.port.key] = port(f[camel(portFlag(s))], portFlag(s)) ?? c.ports[s.port.key];
    const on = s.optional ? f[s.optional.key] : undefined;
    if (s.optional && typeof on === 'boolean') c.enabled[s.optional.key] = on;
  }
  if (f.scrapeInterval) c.scrapeInterval = f.scrapeInterval;
}

async function ask(c: LabConfig): Promise<void> {
  c.project = await input({ message: 'Project name (prefixes containers, network, volumes)', default: c.project });
  c.ports.app = (await number({ message: 'API port', default: c.ports.app, required: true })) ?? c.ports.app;
  c.ports.grafana = (await number({ message: 'Grafana port (3000 is often taken)', default: c.ports.grafana, required: true })) ?? c.ports.grafana;
  c.ports.prometheus = (await number({ message: 'Prometheus port', default: c.ports.prometheus, required: true })) ?? c.ports.prometheus;
  c.scrapeInterval = await input({ message: 'Scrape interval', default: c.scrapeInterval });
  c.enabled.cadvisor = await confirm({ message: 'Run cAdvisor (container CPU/memory for dashboards)?', default: c.enabled.cadvisor });
}

export function registerInit(program: Command): void {
  const init = program
    .command('init')
    .description('write o11y.yaml (safe to commit) and generate the secrets file')
    .addOption(configOption('config file to write'))
    .addOption(shortConfigRefused())
    .option('-y, --yes', 'do not ask; take flags, then existing settings, then defaults')
    .option('--project <name>', 'project name')
    .option('--scrape-interval <duration>', 'Prometheus scrape interval, e.g. 5s')
    .option('--telegram-token <token>', 'Telegram bot token (stored in the secrets file only; or set O11Y_TELEGRAM_TOKEN)')
    .option('--telegram-chat-id <id>', 'Telegram chat id (groups are negative)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ o11y init                                  asks\n  $ o11y init --yes --project lab --grafana-port 3001\n  $ o11y init --yes --cadvisor --no-node-exporter',
    );
  // One port flag per service, one on/off pair per optional service: from the service modules.
  for (const s of SERVICES) init.option(`--${portFlag(s)} <port>`, `${s.name} port (ports.${s.port.key})`);
  for (const s of SERVICES) {
    if (!s.optional) continue;
    const flag = kebab(s.optional.key);
    init.option(`--${flag}`, `run ${s.name}${s.optional.default ? ' (the default)' : ''}`).option(`--no-${flag}`, `do not run ${s.name}`);
  }
  init.action(async (flags: InitFlags) => {
    const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
    // Start from what is there: re-running init changes only what is asked or passed.
    // Environment overrides (O11Y_IMAGE_*, ...) are for one run, not for the file.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('O11Y_') || k === 'O11Y_CONFIG'));
    if (flags.config) env.O11Y_CONFIG = flags.config;
    // Not validated yet: init must be able to repair a file that no longer loads.
    const dropped: string[] = [];
    const loaded = loadConfig({ env, skipValidation: true, onUnknown: (k) => dropped.push(k) });
    if (dropped.length) console.log(style.yellow(`! dropping unknown setting(s) from the file: ${dropped.join(', ')}`));
    const config = loaded.config;
    applyFlags(config, flags);
    if (interactive) await ask(config);
    else if (!flags.yes) console.log(style.dim('No terminal to ask in: using the flags, then existing settings, then defaults (as with --yes).'));
    const telegram = await configureTelegram({
      // The environment keeps the token out of `ps` and shell history.
      token: flags.telegramToken ?? process.env.O11Y_TELEGRAM_TOKEN,
      chatId: flags.telegramChatId,
      interactive,
      apiUrl: config.telegram.apiUrl,
      existing: { token: readSecrets(loaded.stateDir).telegramBotToken, chatId: config.telegram.chatId },
    });
    if (telegram.chatId !== undefined) config.telegram.chatId = telegram.chatId;
    // Nothing is written unless the result is valid: a bad flag leaves the old file as it was.
    validateConfig(config, loaded.configPath);
    writeConfig(loaded.configPath, config, dropped);
    // Validate what we wrote exactly as `up` will read it.
    const reread = loadConfig({ configPath: loaded.configPath, env });
    const hadSecrets = existsSync(secretsPath(reread.stateDir));
    const secrets = ensureSecrets(reread.stateDir, telegram.token ? { telegramBotToken: telegram.token } : {});
    console.log(`${style.green('✔')} wrote ${path.relative(process.cwd(), loaded.configPath) || loaded.configPath} (safe to commit)`);
    console.log(
      `${style.green('✔')} secrets in ${path.relative(process.cwd(), secretsPath(reread.stateDir))} (mode 0600, git-ignored${secrets.telegramBotToken ? ', with the Telegram token' : ''}${hadSecrets ? '; existing passwords kept' : '; passwords generated'})`,
    );
    console.log('\nNext: `o11y up`');
  });
}

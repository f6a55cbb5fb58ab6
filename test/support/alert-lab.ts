// The alert path on loopback, no Docker, for the alert tests and the alert benchmark: the real
// service and PostgreSQL, real Prometheus with the rendered rules, real Alertmanager with the
// rendered config, and the fake Telegram; a lab folder (o11y.yaml + secrets) pointing at them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { renderAlertFiles } from '../../cli/alerts/render.js';
import type { RouteTiming } from '../../cli/alerts/render-alertmanager.js';
import { loadConfig, type LoadedConfig } from '../../cli/lab/load-config.js';
import { ensureSecrets, type Secrets } from '../../cli/config/secrets.js';
// @ts-expect-error: a plain .mjs file without types (it must run in a stock Node container)
import { startFakeTelegram } from './fake-telegram.mjs';
import { startTempAlertmanager, type TempAlertmanager } from './alertmanager.js';
import { eventually } from './eventually.js';
import { startGradebookProcess, type GradebookProcess } from './gradebook-process.js';
import { startTempPrometheus, type TempPrometheus } from './prometheus.js';

export const LAB_TOKEN = '123456:TEST-token';
export const LAB_CHAT = -1001234567890;

export interface FakeTelegram {
  url: string;
  received(): Array<{ method: string; status: number; tokenValid: boolean; body: Record<string, unknown> }>;
  clear(): void;
  close(): Promise<void>;
}

export interface AlertLab {
  fake: FakeTelegram;
  service: GradebookProcess;
  am: TempAlertmanager;
  prom: TempPrometheus;
  /** The lab folder's config, as `o11y` loads it (ports point at the processes above). */
  lab: LoadedConfig;
  secrets: Secrets;
  urls: { prometheusUrl: string; alertmanagerUrl: string };
  stop(): Promise<void>;
}

export interface AlertLabOptions {
  /** o11y.yaml settings besides ports and telegram (e.g. short alert windows). */
  settings?: Record<string, unknown>;
  routeTiming?: Partial<RouteTiming>;
}

export async function startAlertLab(options: AlertLabOptions = {}): Promise<AlertLab> {
  const stops: Array<() => unknown> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const fake = (await startFakeTelegram({ port: 0, host: '127.0.0.1', tokens: [LAB_TOKEN], chats: [String(LAB_CHAT)] })) as FakeTelegram;
    stops.push(() => fake.close());

    const labDir = mkdtempSync(path.join(os.tmpdir(), 'o11y-alert-lab-'));
    stops.push(() => rmSync(labDir, { recursive: true, force: true }));
    const file: Record<string, unknown> = { ...options.settings, telegram: { chatId: LAB_CHAT, apiUrl: fake.url } };
    const configPath = path.join(labDir, 'o11y.yaml');
    writeFileSync(configPath, YAML.stringify(file));
    let lab = loadConfig({ cwd: labDir, env: {} });
    const secrets = ensureSecrets(lab.stateDir, { telegramBotToken: LAB_TOKEN });

    const service = await startGradebookProcess({ chaosToken: secrets.chaosToken });
    stops.push(() => service.stop());
    const files = renderAlertFiles(lab.config, secrets, { routeTiming: options.routeTiming });
    const am = await startTempAlertmanager(files);
    stops.push(() => am.stop());
    const promConfig = {
      global: { scrape_interval: lab.config.scrapeInterval, evaluation_interval: lab.config.evaluationInterval },
      rule_files: ['alerts.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(am.url).host] }] }] },
      // Alertmanager too, as the lab's Prometheus does: `o11y alerts` reads delivery times from it.
      scrape_configs: [
        { job_name: 'app', static_configs: [{ targets: [new URL(service.url).host] }] },
        { job_name: 'alertmanager', static_configs: [{ targets: [new URL(am.url).host] }] },
      ],
    };
    const prom = await startTempPrometheus(YAML.stringify(promConfig), { 'alerts.yml': files.find((f) => f.path === 'prometheus/alerts.yml')!.content });
    stops.push(() => prom.stop());

    // The ports `o11y alerts` and `o11y chaos` read.
    const ports = { app: service.port, prometheus: Number(new URL(prom.url).port), alertmanager: Number(new URL(am.url).port) };
    writeFileSync(configPath, YAML.stringify({ ...file, ports }));
    lab = loadConfig({ cwd: labDir, env: {} });

    await eventually('Prometheus scraping the service (up{job="app"} == 1)', async () => (await prom.query('up{job="app"} == 1')).length > 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    return { fake, service, am, prom, lab, secrets, urls: { prometheusUrl: prom.url, alertmanagerUrl: am.url }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Waits until the fake got a sendMessage containing every one of `texts`. */
export function waitForMessage(lab: AlertLab, texts: string[], timeoutMs: number) {
  return eventually(
    `a message with ${texts.join(' + ')}`,
    () => lab.fake.received().find((r) => r.method === 'sendMessage' && texts.every((t) => String(r.body.text).includes(t))),
    {
      timeoutMs,
      intervalMs: 250,
      detail: () => `the fake got: ${JSON.stringify(lab.fake.received().map((r) => r.body.text))}\nalertmanager log:\n${lab.am.log()}`,
    },
  );
}

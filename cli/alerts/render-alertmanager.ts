// Renders Alertmanager's config: one route to Telegram (or to a receiver with no
// integrations when Telegram is not set up, so alerts still fire and show).
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { LabConfig } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { templatePath } from '../stack/package-paths.js';

export const TELEGRAM_RECEIVER = 'telegram';
export const SILENT_RECEIVER = 'notifications-off';
export const MESSAGE_TEMPLATE_FILE = 'telegram.tmpl';

export interface RouteTiming {
  /** Wait before the first message of a new alert, to batch alerts that fire together. */
  groupWait: string;
  /** Wait before telling about changes (new alerts, resolves) in a group already notified. */
  groupInterval: string;
  /** Re-send a still-firing alert after this long. */
  repeatInterval: string;
}

// A lab wants the first message fast (the trigger-alert target is <= 45 s from load start to
// delivery) and the resolve soon after the load stops; a production setup would wait longer.
// Each rule yields one series per alert name, so a short group wait batches nothing away.
export const LAB_ROUTE_TIMING: RouteTiming = { groupWait: '2s', groupInterval: '15s', repeatInterval: '4h' };

export function telegramEnabled(config: LabConfig, secrets: Partial<Secrets>): boolean {
  return Boolean(secrets.telegramBotToken) && config.telegram.chatId !== undefined;
}

export function renderAlertmanagerYaml(config: LabConfig, secrets: Partial<Secrets>, timing: RouteTiming = LAB_ROUTE_TIMING): string {
  const telegram = telegramEnabled(config, secrets);
  const receiver = telegram
    ? {
        name: TELEGRAM_RECEIVER,
        telegram_configs: [
          {
            // bot_token itself (not bot_token_file): Alertmanager 0.25 rejects bot_token_file,
            // so this file is written 0600.
            bot_token: secrets.telegramBotToken,
            chat_id: config.telegram.chatId,
            api_url: config.telegram.apiUrl,
            parse_mode: 'HTML',
            send_resolved: true,
            message: '{{ template "o11y.telegram.message" . }}',
          },
        ],
      }
    : { name: SILENT_RECEIVER };
  const doc = new YAML.Document({
    route: {
      receiver: receiver.name,
      group_by: ['alertname'],
      group_wait: timing.groupWait,
      group_interval: timing.groupInterval,
      repeat_interval: timing.repeatInterval,
    },
    receivers: [receiver],
    // Relative to this file's folder, so it works in the container and in tests alike.
    templates: [MESSAGE_TEMPLATE_FILE],
  });
  doc.commentBefore = telegram
    ? ' Rendered by o11y. Holds the Telegram bot token: keep it private (mode 0600).'
    : ' Rendered by o11y. Telegram is not set up, so alerts fire and show but notify nobody.\n' +
      ' Turn it on: o11y init (it asks), or O11Y_TELEGRAM_TOKEN=<token> o11y init --yes --telegram-chat-id <id>';
  return doc.toString({ lineWidth: 0 });
}

export function readMessageTemplate(): string {
  return readFileSync(templatePath('alertmanager', MESSAGE_TEMPLATE_FILE), 'utf8');
}

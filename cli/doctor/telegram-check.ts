// Doctor's Telegram check: the bot token (secrets file) and chat id (config) are both set.
// It never contacts Telegram: `o11y init` already checks them with getMe and a test message.
import type { LabConfig } from '../config/schema.js';
import { readSecrets } from '../config/secrets.js';
import { type CheckResult, ok, warn } from './check.js';

export function checkTelegram(config: LabConfig, stateDir: string): CheckResult {
  const title = 'Telegram configured';
  const token = Boolean(readSecrets(stateDir).telegramBotToken);
  const chat = config.telegram.chatId !== undefined;
  if (token && chat) return ok('telegram', title, `bot token set, chat ${config.telegram.chatId}`);
  const missing = [!token && 'bot token (secrets file)', !chat && 'telegram.chatId (o11y.yaml)'].filter(Boolean).join(' and ');
  return warn(
    'telegram',
    title,
    `missing ${missing}: alerts fire but reach no one`,
    'Run `o11y init` and give the bot token from @BotFather and your chat id.',
  );
}

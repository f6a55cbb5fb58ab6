// Doctor's checks of the secrets file: the Telegram bot token (secrets file) and chat id (config)
// are both set, and the file is private.
// It never contacts Telegram: `o11y init` already checks them with getMe and a test message.
import type { LabConfig } from '../config/schema.js';
import { existsSync } from 'node:fs';
import { looseSecretsMode, readSecrets, secretsPath } from '../config/secrets.js';
import { type CheckResult, fail, ok, warn } from './check.js';

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

/** The secrets file holds the passwords and the bot token: other users must not read it. */
export function checkSecretsPrivate(stateDir: string): CheckResult {
  const title = 'Secrets file private';
  const loose = looseSecretsMode(stateDir);
  if (loose === undefined)
    return ok('secrets-mode', title, existsSync(secretsPath(stateDir)) ? 'mode 0600' : 'not made yet (`o11y init` or `o11y up` makes it, mode 0600)');
  return fail(
    'secrets-mode',
    title,
    `${secretsPath(stateDir)} is mode 0${loose.toString(8)}: other users of this machine can read the passwords and the bot token`,
    `chmod 600 ${secretsPath(stateDir)} (\`o11y up\` does it too)`,
  );
}

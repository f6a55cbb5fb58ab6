// Telegram setup for `o11y init`: asks for (or takes) the bot token and chat id, checks the token
// with getMe and the chat with a test message, and explains the usual mistakes. The token is
// only returned (init stores it in the secrets file), never printed.
import { confirm, input, password } from '@inquirer/prompts';
import { LAB_DEFAULTS } from '../config/schema.js';
import { UserError } from '../errors.js';
import { redact, style } from '../output.js';
import { botApi } from './bot-api.js';
import { explainTelegramError } from './explain-error.js';

export interface TelegramSetupOptions {
  /** --telegram-token */
  token?: string;
  /** --telegram-chat-id (a string from the command line, or a number) */
  chatId?: string | number;
  interactive: boolean;
  /** Bot API base URL (config.telegram.apiUrl); tests point it at the fake. */
  apiUrl?: string;
  /** What is set up already, so re-running init can keep it. */
  existing?: { token?: string; chatId?: number };
  /** Where progress lines go (default: stdout). */
  report?: (line: string) => void;
  /** Streams for the prompts (default: the terminal); tests type into them. */
  prompts?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
}

export interface TelegramSetup {
  token?: string;
  chatId?: number;
  /** The bot's @username, when checked. */
  botUsername?: string;
}

const TEST_MESSAGE = '✅ o11y-lab is connected: alerts from your lab will arrive in this chat.';

/** Checks a token's shape before asking Telegram (catches "bot123:…", spaces, a pasted URL). */
export function parseToken(raw: string): string {
  const token = raw.trim();
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
    throw new UserError('That does not look like a bot token.', {
      code: 'O11Y_TELEGRAM_TOKEN_INVALID',
      hint: 'A token from @BotFather looks like 123456789:AAH…: digits, a colon, then letters, digits, "_" or "-" (no "bot" prefix, no URL).',
    });
  }
  return token;
}

/** Alertmanager needs the numeric chat id (an int64), not a @username. */
export function parseChatId(raw: string | number): number {
  const text = String(raw).trim();
  if (text.startsWith('@')) {
    throw new UserError(`"${text}" is a username; Alertmanager needs the chat's numeric id.`, {
      code: 'O11Y_TELEGRAM_CHAT_INVALID',
      hint: 'Channel ids look like -1001234567890, group ids are negative, private chats positive. Post in the chat, then read "chat":{"id"} from https://api.telegram.org/bot<token>/getUpdates.',
    });
  }
  const id = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(id) || id === 0) {
    throw new UserError(`"${text}" is not a Telegram chat id.`, {
      code: 'O11Y_TELEGRAM_CHAT_INVALID',
      hint: 'A chat id is a whole number such as -1001234567890 (channels start with -100).',
    });
  }
  return id;
}

/** getMe, then a test sendMessage; throws a UserError that says what to fix. */
export async function verifyTelegram(token: string, chatId: number, apiUrl: string): Promise<{ botUsername: string }> {
  const api = botApi(token, apiUrl);
  let botUsername: string;
  try {
    botUsername = (await api.getMe()).username;
  } catch (err) {
    throw explainTelegramError(err);
  }
  try {
    await api.sendMessage(chatId, TEST_MESSAGE);
  } catch (err) {
    const explained = explainTelegramError(err, chatId);
    throw new UserError(`${explained.message} (bot @${botUsername})`, { code: explained.code, hint: explained.hint });
  }
  return { botUsername };
}

export async function configureTelegram(options: TelegramSetupOptions): Promise<TelegramSetup> {
  const apiUrl = options.apiUrl ?? LAB_DEFAULTS.telegram.apiUrl;
  const report = options.report ?? ((line: string) => console.log(line));
  const given = options.token !== undefined || options.chatId !== undefined;

  if (!options.interactive || given) {
    if (!given) return {};
    if (options.token === undefined || options.chatId === undefined) {
      throw new UserError('Telegram needs both --telegram-token and --telegram-chat-id.', {
        code: 'O11Y_FLAGS_CONFLICT',
        hint: 'Pass both, or neither to leave notifications off (alerts still fire and show in `o11y status`).',
      });
    }
    return check(parseToken(options.token), parseChatId(options.chatId), apiUrl, report);
  }

  const ctx = options.prompts;
  const existing = options.existing;
  if (existing?.token && existing.chatId !== undefined) {
    const keep = await confirm({ message: `Telegram is set up (bot token ${redact(existing.token)}, chat ${existing.chatId}). Keep it?`, default: true }, ctx);
    if (keep) return {};
  } else {
    const want = await confirm({ message: 'Send alert notifications to Telegram? (needs a bot token from @BotFather and a chat id)', default: false }, ctx);
    if (!want) {
      report(style.dim('  Telegram off: alerts still fire and show in `o11y status`. Run `o11y init` again to add it.'));
      return {};
    }
  }
  for (;;) {
    const token = parseToken(await password({ message: 'Bot token (from @BotFather; input hidden)', mask: '*', validate: validateWith(parseToken) }, ctx));
    const chatId = parseChatId(await input({ message: 'Chat id (channels start with -100)', validate: validateWith(parseChatId) }, ctx));
    try {
      return await check(token, chatId, apiUrl, report);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      report(`${style.red('✖')} ${err.message}`);
      if (err.hint) report(`  ${err.hint}`);
      if (!(await confirm({ message: 'Try again?', default: true }, ctx))) {
        report(style.dim('  Telegram left off. Run `o11y init` again to add it.'));
        return {};
      }
    }
  }
}

async function check(token: string, chatId: number, apiUrl: string, report: (line: string) => void): Promise<TelegramSetup> {
  const { botUsername } = await verifyTelegram(token, chatId, apiUrl);
  report(`${style.green('✔')} Telegram: bot @${botUsername} posted a test message to chat ${chatId}`);
  return { token, chatId, botUsername };
}

function validateWith(parse: (raw: string) => unknown) {
  return (raw: string): true | string => {
    try {
      parse(raw);
      return true;
    } catch (err) {
      return err instanceof UserError ? `${err.message} ${err.hint ?? ''}`.trim() : String(err);
    }
  };
}

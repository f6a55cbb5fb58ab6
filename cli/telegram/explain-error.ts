// Turns a Bot API error into what a lab user should do about it: the usual setup mistakes.
import { UserError } from '../errors.js';
import { TelegramApiError } from './bot-api.js';

const GET_CHAT_ID =
  'To find the numeric id: add the bot to the chat, post a message there, then open ' +
  'https://api.telegram.org/bot<token>/getUpdates in a browser and read "chat":{"id": ...}.';

export function explainTelegramError(err: unknown, chatId?: number): UserError {
  if (!(err instanceof TelegramApiError))
    return new UserError(`Telegram check failed: ${(err as Error).message}`, { code: 'O11Y_TELEGRAM_API_ERROR', cause: err });
  const d = err.description.toLowerCase();
  if (err.status === 0) {
    return new UserError(`Telegram check failed: ${err.description}.`, {
      code: 'O11Y_SERVICE_UNREACHABLE',
      hint: 'Check the network (or a proxy). Without Telegram the lab still works: run `o11y init` again later to add it.',
      cause: err,
    });
  }
  if (err.status === 401 || (err.status === 404 && err.method === 'getMe')) {
    return new UserError(`Telegram rejected the bot token (${err.status} ${err.description}).`, {
      code: 'O11Y_TELEGRAM_TOKEN_INVALID',
      hint:
        'Copy the token again from @BotFather (/mybots → your bot → API Token). It looks like 123456789:AAH…: ' +
        'digits, a colon, then letters; no "bot" prefix, no spaces. A revoked token stops working at once.',
    });
  }
  if (err.status === 400 && d.includes('chat not found')) {
    const asChannel = chatId !== undefined && chatId > 0 ? ` If ${chatId} is a channel or supergroup, its id is -100${chatId}.` : '';
    return new UserError(`Telegram does not know chat ${chatId ?? ''} for this bot (400 chat not found).`, {
      code: 'O11Y_TELEGRAM_CHAT_INVALID',
      hint:
        `Add the bot to the group or channel first (in a channel, as an administrator allowed to post).${asChannel} ` +
        `Channel ids start with -100, group ids are negative; a @username is not an id. ${GET_CHAT_ID}`,
    });
  }
  if (err.status === 400 && err.parameters.migrate_to_chat_id) {
    return new UserError(`The group became a supergroup with a new id (${err.parameters.migrate_to_chat_id}).`, {
      code: 'O11Y_TELEGRAM_CHAT_INVALID',
      hint: `Use --telegram-chat-id ${err.parameters.migrate_to_chat_id}.`,
    });
  }
  if (err.status === 403) {
    const hint = d.includes('blocked')
      ? 'Unblock the bot in Telegram (open its chat and press Restart or send /start).'
      : d.includes("can't initiate") || d.includes('initiate conversation')
        ? 'Open a chat with the bot and send /start first: bots cannot write to people who never talked to them.'
        : 'Add the bot to the chat; in a channel, make it an administrator with the right to post messages.';
    return new UserError(`Telegram refused to post to chat ${chatId ?? ''} (403 ${err.description}).`, { code: 'O11Y_TELEGRAM_CHAT_INVALID', hint });
  }
  if (err.status === 429) {
    return new UserError(`Telegram asks to slow down (429); retry in ${err.parameters.retry_after ?? 'a few'} s.`, { code: 'O11Y_TELEGRAM_API_ERROR' });
  }
  return new UserError(`Telegram answered ${err.status} ${err.description} (${err.method}).`, { code: 'O11Y_TELEGRAM_API_ERROR', hint: GET_CHAT_ID });
}

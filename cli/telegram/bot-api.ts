// A minimal Telegram Bot API client (getMe, sendMessage) for checking a bot token and a chat.
// The token is part of every URL, so no URL ever goes into an error message; the lab's HTTP
// client carries the request, and the Bot API's own answers become TelegramApiErrors here.
import { type HttpAnswer, request, ServiceHttpError } from '../clients/lab-http.js';

export class TelegramApiError extends Error {
  constructor(
    readonly method: string,
    /** HTTP status; 0 when Telegram could not be reached at all. */
    readonly status: number,
    readonly description: string,
    readonly parameters: { retry_after?: number; migrate_to_chat_id?: number } = {},
  ) {
    super(`${method}: ${status ? `${status} ${description}` : description}`);
    this.name = 'TelegramApiError';
  }
}

export interface BotInfo {
  id: number;
  username: string;
}

interface ApiAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: TelegramApiError['parameters'];
}

export interface BotApi {
  getMe(): Promise<BotInfo>;
  sendMessage(chatId: number, text: string): Promise<void>;
}

export function botApi(token: string, apiUrl: string, timeoutMs = 10_000): BotApi {
  const base = apiUrl.replace(/\/+$/, '');
  async function call<T>(method: string, body?: Record<string, unknown>): Promise<T> {
    let res: HttpAnswer;
    try {
      // The token goes in the path, which the client never shows; errors name the host alone.
      res = await request({
        service: "Telegram's Bot API",
        baseUrl: new URL(base).origin,
        path: `${new URL(base).pathname.replace(/\/+$/, '')}/bot${token}/${method}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
        timeoutMs,
      });
    } catch (err) {
      if (!(err instanceof ServiceHttpError)) throw err;
      throw new TelegramApiError(method, 0, `could not reach ${new URL(base).host}: ${err.reason}`);
    }
    let answer: ApiAnswer<T>;
    try {
      answer = JSON.parse(res.text) as ApiAnswer<T>;
    } catch {
      throw new TelegramApiError(method, res.status, `not a Bot API answer (HTTP ${res.status}) from ${new URL(base).host}`);
    }
    if (!answer.ok) throw new TelegramApiError(method, answer.error_code ?? res.status, answer.description ?? 'unknown error', answer.parameters);
    return answer.result as T;
  }
  return {
    getMe: () => call<BotInfo>('getMe'),
    sendMessage: async (chatId, text) => {
      await call('sendMessage', { chat_id: chatId, text });
    },
  };
}

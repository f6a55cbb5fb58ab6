// A minimal Telegram Bot API client (getMe, sendMessage) for checking a bot token and a chat.
// The token is part of every URL, so no URL ever goes into an error message.

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
    let res: Response;
    try {
      res = await fetch(`${base}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = (err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
      throw new TelegramApiError(method, 0, `could not reach ${new URL(base).host}: ${why}`);
    }
    let answer: ApiAnswer<T>;
    try {
      answer = (await res.json()) as ApiAnswer<T>;
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

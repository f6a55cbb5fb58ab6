// Placeholder until the alerting work lands: Telegram setup for `o11y init`.
export interface TelegramSetupOptions {
  token?: string;
  chatId?: string;
  interactive: boolean;
}

export async function configureTelegram(_options: TelegramSetupOptions): Promise<{ chatId?: number; token?: string }> {
  return {};
}

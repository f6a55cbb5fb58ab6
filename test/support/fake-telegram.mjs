// A fake Telegram Bot API for tests: one file, no dependencies, so a stock Node container on
// the lab's network can run it too (`PORT=8081 node fake-telegram.mjs`). It answers getMe,
// getChat and sendMessage the way Telegram does, including its errors, and records every
// request. Never talks to Telegram.
//
// Environment (all optional):
//   PORT                       listen port (default 8081; 0 picks a free one)
//   HOST                       listen address (default 0.0.0.0)
//   FAKE_TELEGRAM_TOKENS       comma-separated valid bot tokens (default: 123456:TEST-token)
//   FAKE_TELEGRAM_CHATS        comma-separated chat ids the bot is in (default: -1001234567890)
//   FAKE_TELEGRAM_BLOCKED      comma-separated chat ids that answer 403 (bot blocked / not admin)
// Test endpoints:
//   GET /_received             every request so far: [{at, method, tokenValid, status, body}]
//   DELETE /_received          forget them
//   POST /_config              {tokens?, chats?, blocked?} replaces the lists
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const list = (value, fallback) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;

/** Telegram's limit, counted after entities are parsed (so "&lt;" is one character). */
const MAX_TEXT = 4096;
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'span', 'tg-spoiler', 'tg-emoji', 'blockquote']);

/**
 * Checks text the way Telegram's parse_mode=HTML does: only its tags, balanced, and known
 * entities. Returns the error description Telegram would give, or the visible text.
 */
export function parseTelegramHtml(text) {
  const stack = [];
  let visible = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i];
    if (ch === '<') {
      const end = text.indexOf('>', i);
      if (end < 0) return { error: `Bad Request: can't parse entities: Unclosed start tag at byte offset ${i}` };
      const raw = text.slice(i + 1, end);
      const closing = raw.startsWith('/');
      const name = (closing ? raw.slice(1) : raw).split(/\s/)[0].toLowerCase();
      if (!HTML_TAGS.has(name)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (stack.pop() !== name)
          return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"` };
      } else stack.push(name);
      i = end + 1;
    } else if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(text.slice(i, i + 12));
      if (!m) return { error: `Bad Request: can't parse entities: Character entity expected at byte offset ${i}` };
      visible += decodeEntity(m[1]);
      i += m[0].length;
    } else {
      visible += ch;
      i += 1;
    }
  }
  if (stack.length) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { visible };
}

function decodeEntity(name) {
  const named = { lt: '<', gt: '>', amp: '&', quot: '"' }[name.toLowerCase()];
  if (named) return named;
  const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return String.fromCodePoint(code);
}

export function startFakeTelegram({ port = 8081, host = '0.0.0.0', tokens, chats, blocked } = {}) {
  const state = {
    tokens: new Set(tokens ?? list(process.env.FAKE_TELEGRAM_TOKENS, ['123456:TEST-token'])),
    chats: new Set((chats ?? list(process.env.FAKE_TELEGRAM_CHATS, ['-1001234567890'])).map(String)),
    blocked: new Set((blocked ?? list(process.env.FAKE_TELEGRAM_BLOCKED, [])).map(String)),
    received: [],
    nextMessageId: 1,
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/_received') {
      if (req.method === 'DELETE') state.received = [];
      return send(200, state.received);
    }
    if (url.pathname === '/_config' && req.method === 'POST') {
      const cfg = JSON.parse(raw || '{}');
      if (cfg.tokens) state.tokens = new Set(cfg.tokens);
      if (cfg.chats) state.chats = new Set(cfg.chats.map(String));
      if (cfg.blocked) state.blocked = new Set(cfg.blocked.map(String));
      return send(200, { ok: true });
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = m;
    const params = { ...Object.fromEntries(url.searchParams), ...parseBody(raw, req.headers['content-type']) };
    const [status, body] = answer(state, token, method, params);
    state.received.push({ at: new Date().toISOString(), method, tokenValid: state.tokens.has(token), status, body: params });
    send(status, body);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        port: actual,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
        received: () => state.received,
        clear: () => {
          state.received = [];
        },
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

function answer(state, token, method, params) {
  const fail = (code, description) => [code, { ok: false, error_code: code, description }];
  if (!state.tokens.has(token)) return fail(401, 'Unauthorized');
  const botId = Number(token.split(':')[0]) || 1;
  if (method === 'getMe') {
    return [200, { ok: true, result: { id: botId, is_bot: true, first_name: 'o11y lab bot', username: 'o11y_lab_fake_bot' } }];
  }
  if (method !== 'sendMessage' && method !== 'getChat') return fail(404, 'Not Found: method not found');
  const chatId = String(params.chat_id ?? '');
  if (!chatId) return fail(400, 'Bad Request: chat_id is empty');
  if (!state.chats.has(chatId) && !state.blocked.has(chatId)) return fail(400, 'Bad Request: chat not found');
  const chat = { id: Number(chatId), type: chatId.startsWith('-100') ? 'channel' : chatId.startsWith('-') ? 'group' : 'private', title: 'o11y lab test chat' };
  if (method === 'getChat') return [200, { ok: true, result: chat }];
  if (state.blocked.has(chatId)) {
    return fail(403, chat.type === 'private' ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot is not a member of the channel chat');
  }
  const text = String(params.text ?? '');
  if (!text.trim()) return fail(400, 'Bad Request: message text is empty');
  let visible = text;
  if (String(params.parse_mode ?? '').toUpperCase() === 'HTML') {
    const parsed = parseTelegramHtml(text);
    if (parsed.error) return fail(400, parsed.error);
    visible = parsed.visible;
  }
  if ([...visible].length > MAX_TEXT) return fail(400, 'Bad Request: message is too long');
  return [200, { ok: true, result: { message_id: state.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, text: visible } }];
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

function parseBody(raw, contentType = '') {
  if (!raw) return {};
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return {};
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return {};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fake = await startFakeTelegram({ port: Number(process.env.PORT ?? 8081), host: process.env.HOST ?? '0.0.0.0' });
  console.log(`fake Telegram Bot API listening on port ${fake.port}`);
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void fake.close().then(() => process.exit(0)));
}

// The one HTTP client of the CLI (cli/clients/lab-http.ts) against real servers on 127.0.0.1 that
// each test starts: what a user reads when a service refuses, hangs, fails or answers nonsense,
// and that no credential or token ever reaches that text.
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { request, requestJson, requestText, ServiceHttpError } from '../../cli/clients/lab-http.js';
import { botApi } from '../../cli/telegram/bot-api.js';
import { explainTelegramError } from '../../cli/telegram/explain-error.js';
import { freePort } from '../support/free-port.js';
import { selfSignedCertificate } from '../support/self-signed.js';

const TOKEN = '123456789:AAHsecretTOKENnobodyMaySee';

async function listen(server: http.Server | https.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}`;
}

/** Runs `call`, which must fail with a ServiceHttpError, and returns that error. */
async function failure(call: () => Promise<unknown>): Promise<ServiceHttpError> {
  try {
    await call();
  } catch (err) {
    assert.ok(err instanceof ServiceHttpError, `expected a ServiceHttpError, got ${err}`);
    return err;
  }
  assert.fail('the call succeeded');
}

describe('lab-http', () => {
  let base: string;
  // Answers by path: /json, /text, /broken (500 with a JSON message), /html (200, not JSON),
  // /proxy-error/... (502, HTML), /echo (what it got), anything else never.
  const pending = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (req.url === '/json') return res.end('{"status":"ok"}');
    if (req.url === '/text') return res.end('plain words');
    if (req.url === '/broken') {
      res.writeHead(500, { 'content-type': 'application/json' });
      return res.end('{"message":"the database is gone"}');
    }
    if (req.url === '/html') return res.end('<html>a login page</html>');
    if (req.url?.startsWith('/proxy-error/')) {
      res.writeHead(502);
      return res.end('<html>bad gateway</html>');
    }
    if (req.url === '/echo') {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      return req.on('end', () => res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body })));
    }
    pending.add(res); // /slow: holds the answer back
  });

  before(async () => {
    base = await listen(server);
  });
  after(() => {
    for (const res of pending) res.destroy();
    server.close();
  });

  test('a 2xx answer: JSON, text, and what was sent arrives', async () => {
    assert.deepEqual(await requestJson({ service: 'Prometheus', baseUrl: base, path: '/json' }), { status: 'ok' });
    assert.equal(await requestText({ service: 'Prometheus', baseUrl: base, path: '/text' }), 'plain words');
    const echo = await requestJson<{ method: string; auth: string; body: string }>({
      service: 'The app',
      baseUrl: `${base}/`,
      path: '/echo',
      method: 'PUT',
      headers: { authorization: 'Bearer t0k' },
      body: '{"latencyMs":5}',
    });
    assert.deepEqual(echo, { method: 'PUT', auth: 'Bearer t0k', body: '{"latencyMs":5}' });
  });

  test('a refused connection names the service and where it is, with what to do', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const err = await failure(() => requestJson({ service: 'Prometheus', baseUrl: dead, path: '/api/v1/targets' }));
    assert.equal(err.code, 'O11Y_SERVICE_UNREACHABLE');
    assert.equal(err.service, 'Prometheus');
    assert.equal(err.failure, 'unreachable');
    assert.equal(err.message, `Prometheus at ${dead} is not answering (ECONNREFUSED).`);
    assert.match(err.hint ?? '', /o11y up/);
  });

  test('no answer in time: the timeout says how long it waited', async () => {
    const started = performance.now();
    const err = await failure(() => request({ service: 'Alertmanager', baseUrl: base, path: '/slow', timeoutMs: 300 }));
    const waited = performance.now() - started;
    assert.equal(err.code, 'O11Y_SERVICE_UNREACHABLE');
    assert.equal(err.failure, 'timeout');
    assert.equal(err.message, `Alertmanager at ${base} is not answering (no answer within 300 ms).`);
    assert.ok(waited >= 290 && waited < 3000, `gave up after ${waited} ms`);
  });

  test("the caller's own abort is the caller's, not the service's fault", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted')), 100);
    await assert.rejects(request({ service: 'Prometheus', baseUrl: base, path: '/slow', signal: controller.signal, timeoutMs: 5000 }), /^Error: interrupted$/);
  });

  test('an error status: the service, its status and what it said', async () => {
    const err = await failure(() => requestJson({ service: 'The app', baseUrl: base, path: '/broken', errorHint: 'see its logs' }));
    assert.equal(err.code, 'O11Y_SERVICE_ERROR');
    assert.equal(err.status, 500);
    assert.equal(err.message, `The app at ${base} answered HTTP 500: the database is gone.`);
    assert.equal(err.hint, 'see its logs');
    // request() itself hands any status back: the caller decides.
    assert.equal((await request({ service: 'The app', baseUrl: base, path: '/broken' })).status, 500);
  });

  test('an answer that is not JSON where JSON is expected', async () => {
    const err = await failure(() => requestJson({ service: 'Prometheus', baseUrl: base, path: '/html' }));
    assert.equal(err.code, 'O11Y_SERVICE_ERROR');
    assert.equal(err.failure, 'body');
    assert.equal(err.message, `Prometheus at ${base} answered HTTP 200 with something other than JSON.`);
  });

  test('credentials in the URL and the path are never shown', async () => {
    const dead = await freePort();
    const err = await failure(() =>
      request({ service: 'Prometheus', baseUrl: `http://admin:hunter2pw@127.0.0.1:${dead}/prefix/?token=abc#x`, path: `/bot${TOKEN}/getMe` }),
    );
    assert.equal(err.message, `Prometheus at http://127.0.0.1:${dead}/prefix is not answering (ECONNREFUSED).`);
    assert.doesNotMatch(`${err.message} ${err.hint} ${err.where}`, /hunter2pw|admin|token=abc|AAHsecret/);
    const status = await failure(() => requestText({ service: 'Prometheus', baseUrl: `http://admin:hunter2pw@${base.slice(7)}`, path: '/broken' }));
    assert.doesNotMatch(status.message, /hunter2pw|admin/);
  });

  test("Telegram's Bot API: unreachable and broken answers never show the token", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    for (const [apiUrl, expected, code] of [
      [dead, /^Telegram check failed: could not reach 127\.0\.0\.1:\d+: ECONNREFUSED\.$/, 'O11Y_SERVICE_UNREACHABLE'],
      [`${base}/proxy-error`, /^Telegram answered 502 not a Bot API answer \(HTTP 502\) from 127\.0\.0\.1:\d+ \(getMe\)\.$/, 'O11Y_TELEGRAM_API_ERROR'],
    ] as const) {
      const thrown = await botApi(TOKEN, apiUrl, 1000)
        .getMe()
        .then(
          () => assert.fail('getMe succeeded'),
          (err: unknown) => err,
        );
      const explained = explainTelegramError(thrown);
      assert.match(explained.message, expected);
      assert.equal(explained.code, code);
      for (const text of [explained.message, explained.hint ?? '', String(thrown), (thrown as Error).stack ?? '']) {
        assert.doesNotMatch(text, /AAHsecret/, 'the bot token is in an error');
      }
    }
    const unreachable = explainTelegramError(
      await botApi(TOKEN, dead, 1000)
        .getMe()
        .catch((err: unknown) => err),
    );
    assert.equal(unreachable.code, 'O11Y_SERVICE_UNREACHABLE');
  });

  test('a port fetch refuses outright ("bad port") is reached like any other', async (t) => {
    // ports.* or --target may name one: fetch would fail without trying (undici's blocked ports).
    const blocked = http.createServer((_req, res) => res.end('{"ok":true}'));
    let url: string | undefined;
    for (const port of [6000, 6665, 6666, 6667, 10080]) {
      const bound = await new Promise<boolean>((resolve) => {
        blocked.once('error', () => resolve(false));
        blocked.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) {
        url = `http://127.0.0.1:${port}`;
        break;
      }
    }
    if (!url) return t.skip('every port fetch blocks is taken here');
    try {
      await assert.rejects(fetch(url), /fetch failed/);
      assert.deepEqual(await requestJson({ service: 'Prometheus', baseUrl: url }), { ok: true });
    } finally {
      blocked.close();
    }
  });

  test('an HTTPS service behind a self-signed certificate: refused, unless the call accepts it', async () => {
    const tls = https.createServer(selfSignedCertificate(), (_req, res) => res.end('{"ok":true}'));
    const url = await listen(tls);
    try {
      const err = await failure(() => requestJson({ service: 'The target', baseUrl: url }));
      assert.equal(err.code, 'O11Y_SERVICE_UNREACHABLE');
      assert.match(err.message, /^The target at https:\/\/127\.0\.0\.1:\d+ is not answering \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)\.$/);
      assert.deepEqual(await requestJson({ service: 'The target', baseUrl: url, insecure: true }), { ok: true });
    } finally {
      tls.close();
    }
  });
});

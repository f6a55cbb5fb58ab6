// Grafana's read-only account for a class, made through Grafana's HTTP API by `up --expose`.
// Grafana cannot run here (no registry, no Debian package): a loopback stand-in answers the four
// calls the way Grafana 11's API documents them (admin basic auth, users search, admin users,
// org users), and records what it was asked.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ensureGrafanaViewer } from '../../cli/clients/grafana-users.js';

const ADMIN = 'admin:gf-Secret-456';
const calls: Array<{ method: string; path: string; body: unknown }> = [];
const users: Array<{ id: number; login: string; password: string; role?: string }> = [{ id: 1, login: 'admin', password: 'x' }];

const grafana = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Basic ${Buffer.from(ADMIN).toString('base64')}`) return send(401, { message: 'invalid username or password' });
    const body = text ? JSON.parse(text) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push({ method: req.method ?? '', path: url.pathname, body });
    if (req.method === 'GET' && url.pathname === '/api/users/search') {
      const q = url.searchParams.get('query') ?? '';
      return send(200, { totalCount: 1, users: users.filter((u) => u.login.includes(q)).map(({ id, login }) => ({ id, login })), page: 1, perPage: 100 });
    }
    if (req.method === 'POST' && url.pathname === '/api/admin/users') {
      const id = users.length + 1;
      users.push({ id, login: body.login, password: body.password });
      return send(200, { id, message: 'User created' });
    }
    const pw = /^\/api\/admin\/users\/(\d+)\/password$/.exec(url.pathname);
    if (req.method === 'PUT' && pw) {
      users.find((u) => u.id === Number(pw[1]))!.password = body.password;
      return send(200, { message: 'User password updated' });
    }
    const role = /^\/api\/org\/users\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && role) {
      users.find((u) => u.id === Number(role[1]))!.role = body.role;
      return send(200, { message: 'Organization user updated' });
    }
    send(404, { message: 'Not found' });
  });
});
let base = '';

before(async () => {
  await new Promise<void>((r) => grafana.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(grafana.address() as AddressInfo).port}`;
});
after(() => grafana.close());

describe("Grafana's account for a class", () => {
  it('is made once as a Viewer of the main organisation, with the password from the secrets file', async () => {
    assert.equal(await ensureGrafanaViewer(`http://${ADMIN}@${base.slice(7)}`, { login: 'viewer', password: 'viewer-Secret-345' }), 'created');
    const viewer = users.find((u) => u.login === 'viewer');
    assert.deepEqual(viewer && { password: viewer.password, role: viewer.role }, { password: 'viewer-Secret-345', role: 'Viewer' });
    assert.deepEqual(calls.find((c) => c.method === 'POST')?.body, { name: 'Class (read-only)', login: 'viewer', password: 'viewer-Secret-345', OrgId: 1 });
  });

  it('the next up sets its password again rather than making a second one', async () => {
    calls.length = 0;
    assert.equal(await ensureGrafanaViewer(`http://${ADMIN}@${base.slice(7)}`, { login: 'viewer', password: 'changed-in-secrets' }), 'updated');
    assert.equal(users.filter((u) => u.login === 'viewer').length, 1);
    assert.equal(users.find((u) => u.login === 'viewer')?.password, 'changed-in-secrets');
    assert.deepEqual(
      calls.map((c) => c.method),
      ['GET', 'PUT', 'PATCH'],
    );
  });

  it('a refused admin login says Grafana answered 401, and shows no password', async () => {
    await assert.rejects(ensureGrafanaViewer(`http://admin:wrong-pass@${base.slice(7)}`, { login: 'viewer', password: 'viewer-Secret-345' }), (err: Error) => {
      assert.match(err.message, /Grafana at http:\/\/127\.0\.0\.1:\d+ answered HTTP 401/);
      assert.doesNotMatch(err.message, /wrong-pass|viewer-Secret/);
      return true;
    });
  });
});

// A stand-in for "your own service" in the target tests: a Node HTTP server with prom-client's
// default metrics and a request counter, on the address given. `--html` answers an HTML page on
// every path instead (a web page, not metrics). Prints "listening on HOST:PORT" when ready.
import http from 'node:http';
import client from 'prom-client';

const [listen, mode] = process.argv.slice(2);
const [host, port] = [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))];
const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
const requests = new client.Counter({ name: 'shop_requests_total', help: 'Requests served', labelNames: ['path', 'code'], registers: [registry] });

const server = http.createServer(async (req, res) => {
  if (mode === '--html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Shop</title></head><body>Welcome</body></html>');
    return;
  }
  if (req.url === '/metrics') {
    requests.inc({ path: '/metrics', code: '200' });
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return;
  }
  requests.inc({ path: 'other', code: '404' });
  res.writeHead(404).end('not found');
});
server.listen(port, host, () => console.log(`listening on ${host}:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

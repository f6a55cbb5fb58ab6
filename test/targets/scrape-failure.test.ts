// What `o11y target add` says when the lab's Prometheus could not scrape a target, from
// Prometheus 2.x's own lastError texts (as its scrape manager words them) and what this machine got.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainScrapeFailure } from '../../cli/targets/scrape-failure.js';
import { scrapeEndpoint } from '../../cli/targets/target-address.js';

const local = new URL('http://localhost:3000/metrics');
const remote = new URL('http://shop.test:9000/metrics');
const explain = (err: string, url = local, host?: Parameters<typeof explainScrapeFailure>[3]) => explainScrapeFailure(err, url, scrapeEndpoint(url), host);
const REFUSED = 'Get "http://host.docker.internal:3000/metrics": dial tcp 172.17.0.1:3000: connect: connection refused';

describe('why a scrape failed', () => {
  it('a service on this machine that answers here but not from containers listens on 127.0.0.1 only: say so and what to change', () => {
    const f = explain(REFUSED, local, { reached: true, status: 200 });
    assert.equal(f.code, 'O11Y_TARGET_UNREACHABLE');
    assert.match(f.message, /answers on this machine, but not from the lab's containers/);
    assert.match(f.hint, /127\.0\.0\.1 only.*0\.0\.0\.0/);
  });
  it('nothing listening here at all: start it first', () => {
    assert.match(explain(REFUSED, local, { reached: false }).message, /nothing listens on port 3000 of this machine/);
    assert.match(explain(REFUSED.replace('host.docker.internal:3000', 'shop.test:9000'), remote).message, /connection refused at shop\.test:9000/);
  });
  it('HTTP errors: 404 points at the path, 401 at the login, others quote the status', () => {
    assert.match(explain('server returned HTTP status 404 Not Found').message, /nothing at \/metrics \(HTTP 404\)/);
    assert.match(explain('server returned HTTP status 404 Not Found').hint, /--metrics-path/);
    assert.match(explain('server returned HTTP status 401 Unauthorized').message, /login \(HTTP 401\)/);
    assert.match(explain('server returned HTTP status 503 Service Unavailable').message, /HTTP 503 Service Unavailable/);
  });
  it("not metrics: this machine's reading of the body when it has one, else Prometheus' own words", () => {
    const html = 'expected a valid start token, got "<" ("INVALID") while parsing: "<"';
    const withBody = explain(html, local, { reached: true, status: 200, notMetrics: 'it is an HTML page ("Shop"), not Prometheus text' });
    assert.equal(withBody.code, 'O11Y_TARGET_NOT_METRICS');
    assert.match(withBody.message, /HTML page \("Shop"\)/);
    assert.match(explain(html, remote, { reached: false }).message, /Prometheus could not read it \(expected a valid start token/);
  });
  it('no such host, a timeout (a firewall when this machine answers), TLS', () => {
    assert.match(
      explain('Get "http://shop:80/metrics": dial tcp: lookup shop on 127.0.0.11:53: no such host', new URL('http://shop/metrics')).message,
      /cannot resolve the host shop/,
    );
    assert.match(explain('Get "http://host.docker.internal:3000/metrics": context deadline exceeded', local, { reached: true, status: 200 }).hint, /firewall/);
    assert.match(
      explain('Get "https://shop.test/metrics": x509: certificate signed by unknown authority', new URL('https://shop.test/metrics')).message,
      /TLS refused \(x509/,
    );
  });
});

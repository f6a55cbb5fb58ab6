// `o11y init` and `up` edit o11y.yaml in place: every comment and the order the user wrote stay.
// Seen in a trial: init rewrote the file and dropped the comment `up` had written for localImages.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import { rememberLocalImages } from '../../cli/config/remember-local-images.js';
import { o11y, ok, scratchDir } from '../support/o11y-cli.js';

const dir = scratchDir('o11y-config-comments');
const file = path.join(dir, 'o11y.yaml');
after(() => rmSync(dir, { recursive: true, force: true }));

// The user's own file: comments of every kind, and not the order init would write.
const MINE = `# Our classroom lab: ports moved off the ones the school's proxy holds.
scrapeInterval: 5s # fast, for the demo

ports:
  # Grafana shares a box with another dashboard on 3000.
  grafana: 3001
  app: 8001 # the gradebook
project: classroom
alerts:
  requestRate:
    threshold: 50 # a small class
`;

const comments = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.includes('#'))
    .map((l) => l.slice(l.indexOf('#')));
const topKeys = (text: string) => Object.keys(YAML.parse(text) as object);

describe("o11y.yaml keeps the user's comments and order", () => {
  it('init --yes changes what it is told and adds what is missing, keeping every comment and the order', async () => {
    writeFileSync(file, MINE);
    ok(await o11y(['init', '--yes', '--app-port', '8002'], { cwd: dir }), 'o11y init');
    const text = readFileSync(file, 'utf8');
    for (const c of comments(MINE)) assert.ok(text.includes(c), `comment lost: ${c}\n${text}`);
    assert.deepEqual(topKeys(text).slice(0, 4), ['scrapeInterval', 'ports', 'project', 'alerts'], text);
    assert.deepEqual(Object.keys(YAML.parse(text).ports).slice(0, 2), ['grafana', 'app']);
    const config = YAML.parse(text);
    assert.equal(config.ports.app, 8002);
    assert.equal(config.ports.grafana, 3001);
    assert.equal(config.alerts.requestRate.threshold, 50);
    // Every setting is there, as before: the ones the user did not write follow theirs.
    assert.ok('bindAddress' in config && 'prometheus' in config.ports, text);
    assert.match(text, /^ {2}grafana: 3001\n {2}app: 8002/m);
  });

  it("up's localImages, then init again: the comment up wrote stays", async () => {
    rememberLocalImages(file, true);
    const withKey = readFileSync(file, 'utf8');
    const upComment = comments(withKey).find((c) => c.includes('o11y images build'));
    assert.ok(upComment, withKey);
    ok(await o11y(['init', '--yes', '--project', 'classroom2'], { cwd: dir }), 'o11y init again');
    const text = readFileSync(file, 'utf8');
    for (const c of [...comments(MINE), ...comments(withKey)]) assert.ok(text.includes(c), `comment lost: ${c}\n${text}`);
    assert.equal(YAML.parse(text).localImages, true);
    assert.equal(YAML.parse(text).project, 'classroom2');
    assert.deepEqual(topKeys(text).slice(0, 4), ['scrapeInterval', 'ports', 'project', 'alerts']);
  });
});

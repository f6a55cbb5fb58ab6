// The host's apt configuration, in both formats, decides where local images get packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bookwormSources,
  DEFAULT_SOURCES,
  parseDeb822Sources,
  parseOneLineSources,
  primaryMirror,
  readHostSources,
  renderDeb822,
} from '../../cli/images/apt-sources.js';

test('deb822 .sources: types, several suites, disabled stanzas and comments', () => {
  const text = [
    'Types: deb deb-src',
    '# http://snapshot.debian.org/archive/debian/20250520T000000Z',
    'URIs: http://mirror.example/debian',
    'Suites: bookworm bookworm-updates',
    'Components: main contrib',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    '',
    'Types: deb-src',
    'URIs: http://src.example/debian',
    'Suites: bookworm',
    'Components: main',
    '',
    'Enabled: no',
    'Types: deb',
    'URIs: http://off.example/debian',
    'Suites: bookworm',
    'Components: main',
  ].join('\n');
  assert.deepEqual(parseDeb822Sources(text), [
    { uri: 'http://mirror.example/debian', suites: ['bookworm', 'bookworm-updates'], components: ['main', 'contrib'] },
  ]);
});

test('one-line sources.list: options in brackets, deb-src and comments skipped', () => {
  const text =
    '# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main non-free\ndeb-src http://m.example/debian bookworm main\ndeb http://security.example/debian-security bookworm-security main # trailing\n';
  assert.deepEqual(parseOneLineSources(text), [
    { uri: 'http://m.example/debian', suites: ['bookworm'], components: ['main', 'non-free'] },
    { uri: 'http://security.example/debian-security', suites: ['bookworm-security'], components: ['main'] },
  ]);
});

test("the host mirror is used when it serves bookworm; Debian's own otherwise (an Ubuntu host)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'o11y-apt-'));
  try {
    mkdirSync(path.join(dir, 'sources.list.d'));
    writeFileSync(path.join(dir, 'sources.list'), 'deb http://archive.ubuntu.com/ubuntu jammy main\n');
    assert.deepEqual(bookwormSources(readHostSources(dir)), DEFAULT_SOURCES);
    writeFileSync(
      path.join(dir, 'sources.list.d', 'debian.sources'),
      'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main contrib\n',
    );
    const chosen = bookwormSources(readHostSources(dir));
    assert.deepEqual(chosen, [{ uri: 'http://mirror.example/debian', suites: ['bookworm'], components: ['main'] }]);
    assert.equal(primaryMirror(chosen), 'http://mirror.example/debian');
    assert.equal(renderDeb822(chosen), 'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\nComponents: main\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The host's apt mirror configuration (one-line sources.list and deb822 *.sources), so
// local images fetch Debian packages from wherever this machine already does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
}

export const SUITE = 'bookworm';

/** Debian's own mirrors, for hosts whose apt does not point at Debian bookworm (Ubuntu, other releases). */
export const DEFAULT_SOURCES: AptSource[] = [
  { uri: 'http://deb.debian.org/debian', suites: ['bookworm', 'bookworm-updates'], components: ['main'] },
  { uri: 'http://deb.debian.org/debian-security', suites: ['bookworm-security'], components: ['main'] },
];

/** Every enabled binary (`deb`) source under `root` (/etc/apt by default). */
export function readHostSources(root = '/etc/apt'): AptSource[] {
  const out: AptSource[] = [];
  const list = path.join(root, 'sources.list');
  if (existsSync(list)) out.push(...parseOneLineSources(readFileSync(list, 'utf8')));
  const dir = path.join(root, 'sources.list.d');
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (name.endsWith('.list')) out.push(...parseOneLineSources(readFileSync(file, 'utf8')));
      else if (name.endsWith('.sources')) out.push(...parseDeb822Sources(readFileSync(file, 'utf8')));
    }
  }
  return out;
}

/** `deb [options] uri suite component...` lines; `deb-src` and comments are skipped. */
export function parseOneLineSources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line.startsWith('deb ') && !line.startsWith('deb\t')) continue;
    const rest = line
      .slice(3)
      .trim()
      .replace(/^\[[^\]]*\]\s*/, '');
    const [uri, suite, ...components] = rest.split(/\s+/);
    if (uri && suite) out.push({ uri, suites: [suite], components });
  }
  return out;
}

/** deb822 stanzas (Types/URIs/Suites/Components), skipping `Enabled: no` and non-`deb` types. */
export function parseDeb822Sources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && last) {
        fields.set(last, `${fields.get(last)} ${raw.trim()}`);
        continue;
      }
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (m) {
        last = m[1].toLowerCase();
        fields.set(last, m[2].trim());
      }
    }
    const words = (k: string) => (fields.get(k) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb')) continue;
    if (/^(no|false)$/i.test(fields.get('enabled') ?? '')) continue;
    for (const uri of words('uris')) out.push({ uri, suites: words('suites'), components: words('components') });
  }
  return out;
}

/** The host's sources that serve Debian bookworm, or Debian's own mirrors when there are none. */
export function bookwormSources(host: AptSource[]): AptSource[] {
  const fit = host
    .map((s) => ({ ...s, suites: s.suites.filter((x) => x === SUITE || x.startsWith(`${SUITE}-`) || x.startsWith(`${SUITE}/`)) }))
    .filter((s) => s.suites.length > 0 && s.components.includes('main'))
    .map((s) => ({ ...s, components: ['main'] }));
  return fit.some((s) => s.suites.includes(SUITE)) ? fit : DEFAULT_SOURCES;
}

/** The mirror debootstrap fetches the base system from. */
export function primaryMirror(sources: AptSource[]): string {
  return (sources.find((s) => s.suites.includes(SUITE)) ?? DEFAULT_SOURCES[0]).uri;
}

/** A deb822 file for inside the images (Debian's keyring there verifies the archive). */
export function renderDeb822(sources: AptSource[]): string {
  return sources
    .map((s) => [`Types: deb`, `URIs: ${s.uri}`, `Suites: ${s.suites.join(' ')}`, `Components: ${s.components.join(' ')}`].join('\n'))
    .join('\n\n')
    .concat('\n');
}

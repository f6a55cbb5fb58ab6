// Doctor's check of the Node.js running o11y: a line past its end of life gets no security fixes,
// and a local app image (`o11y images build`) runs that same Node.
import { type CheckResult, ok, warn } from './check.js';

/**
 * End-of-life dates of the Node.js release lines, and when each even line became LTS, from the
 * Node.js Release schedule (github.com/nodejs/Release, README "Release schedule" and
 * schedule.json). The one place to update when a line is added or a date moves.
 */
export const NODE_RELEASE_LINES: ReadonlyArray<{ major: number; ltsStart?: string; end: string }> = [
  { major: 18, ltsStart: '2022-10-25', end: '2025-04-30' },
  { major: 19, end: '2023-06-01' },
  { major: 20, ltsStart: '2023-10-24', end: '2026-04-30' },
  { major: 21, end: '2024-06-01' },
  { major: 22, ltsStart: '2024-10-29', end: '2027-04-30' },
  { major: 23, end: '2025-06-01' },
  { major: 24, ltsStart: '2025-10-28', end: '2028-04-30' },
  { major: 25, end: '2026-06-01' },
  { major: 26, ltsStart: '2026-10-28', end: '2029-04-30' },
];

const day = (iso: string) => new Date(`${iso}T23:59:59Z`);

/** The LTS lines with security fixes on `today`, as "24 (to 2028-04-30)". */
function supportedLts(today: Date): string[] {
  return NODE_RELEASE_LINES.filter((l) => l.ltsStart && day(l.ltsStart) <= today && today <= day(l.end)).map((l) => `${l.major} (to ${l.end})`);
}

/** `version` is process.version's form (v24.1.0); `today` is injectable so tests need no clock. */
export function checkNodeRuntime(version: string = process.version, today: Date = new Date()): CheckResult {
  const title = 'Node.js';
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  const line = NODE_RELEASE_LINES.find((l) => l.major === major);
  const oldest = NODE_RELEASE_LINES[0];
  const fix = `Run o11y on a supported LTS line: ${supportedLts(today).join(', ') || 'see nodejs.org'}. A local app image (o11y images build) uses this Node too.`;
  if (!line && major < oldest.major) return warn('node', title, `${version} is past its end of life: it gets no security fixes`, fix);
  // A line newer than this table: nothing known against it.
  if (!line) return ok('node', title, version);
  if (today > day(line.end)) return warn('node', title, `${version} reached its end of life on ${line.end}: it gets no security fixes`, fix);
  return ok('node', title, `${version}, security fixes until ${line.end}`);
}

// Renders the run's HTML report with what only this process knows (the command line, the
// versions) and writes it atomically; returns where it went.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../stack/package-paths.js';
import type { Summary } from '../summary.js';
import { renderHtmlReport, type ReportSection } from './html-report.js';
import { reportAssets } from './report-assets.js';
import { writeAtomically } from './write-report.js';

export function saveHtmlReport(file: string, s: Summary, run: { argv: string[]; targetVersion?: string; sections?: ReportSection[] }): string {
  const { version } = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const meta = { argv: run.argv, versions: { o11y: version, node: process.version, target: run.targetVersion } };
  writeAtomically(file, renderHtmlReport(s, meta, reportAssets(), run.sections));
  return path.resolve(file);
}

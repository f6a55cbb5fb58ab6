// The charting library the HTML report inlines (uPlot: MIT, ~50 KB minified, canvas), read from
// the installed package at run time so the report needs no network to open.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ReportAssets {
  /** uPlot's IIFE build (defines the global `uPlot`). */
  js: string;
  css: string;
  /** "uPlot 1.6.32, MIT License, Copyright (c) …": kept with the inlined copy, as its license asks. */
  notice: string;
}

let cached: ReportAssets | undefined;

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('uplot/package.json'));
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const { version, license } = JSON.parse(read('package.json')) as { version: string; license: string };
  const copyright = read('LICENSE')
    .split('\n')
    .find((l) => /copyright/i.test(l))
    ?.trim();
  const js = read('dist/uPlot.iife.min.js');
  const css = read('dist/uPlot.min.css');
  // Inlined verbatim: a closing tag inside either would end its element early.
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error(`uplot ${version}: its files contain a closing tag; they cannot be inlined`);
  cached = { js, css, notice: `uPlot ${version}, ${license} License${copyright ? `, ${copyright}` : ''}` };
  return cached;
}

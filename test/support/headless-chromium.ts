// Debian's chromium, headless, driven by playwright-core: opens a local file with the network
// shut (every request that is not file:// is recorded and aborted, every CSP refusal recorded),
// counts chart pixels by colour, and checks a screenshot is not blank. Provisioned by
// scripts/preflight.mjs (the `chromium` package) for the tests that use it.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// The machine's network is closed: no QUIC, no background, update, sync or first-run traffic.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found. Install it: apt-get install chromium (npm test does, as root on Debian)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

export interface OfflinePage {
  page: Page;
  /** URLs the page asked for that are not file:// (aborted). */
  requests: Set<string>;
  /** Content-Security-Policy refusals: what the page tried to load or run that its policy blocked. */
  cspViolations(): Promise<string[]>;
  /** Uncaught exceptions, console errors and dialogs (an alert() would be script that got in). */
  errors: string[];
  close(): Promise<void>;
}

export async function openOffline(browser: Browser, file: string, viewport = { width: 1000, height: 800 }): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const requests = new Set<string>();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.add(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.add(r.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return {
    page,
    requests,
    cspViolations: () => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp),
    errors,
    close: () => context.close(),
  };
}

/**
 * For each canvas inside `selector`'s elements (by the element's id): how many opaque pixels
 * are each of `colours` (#rrggbb, within a small tolerance for anti-aliasing).
 */
export function pixelsByColour(page: Page, selector: string, colours: Record<string, string>): Promise<Record<string, Record<string, number>>> {
  return page.evaluate(
    ({ selector, colours }) => {
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const wanted = Object.entries(colours).map(([name, hex]) => [name, [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))] as const);
      const out: Record<string, Record<string, number>> = {};
      for (const el of document.querySelectorAll(selector)) {
        const counts: Record<string, number> = Object.fromEntries(wanted.map(([name]) => [name, 0]));
        for (const canvas of el.querySelectorAll('canvas')) {
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] < 200) continue;
            for (const [name, [r, g, b]] of wanted) {
              if (Math.abs(data[i] - r) <= 24 && Math.abs(data[i + 1] - g) <= 24 && Math.abs(data[i + 2] - b) <= 24) counts[name]++;
            }
          }
        }
        out[el.id] = counts;
      }
      return out;
    },
    { selector, colours },
  );
}

/** Share of a PNG's pixels that differ from its top-left pixel (0: blank), decoded by the browser. */
export async function nonBlankShare(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let differ = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) differ++;
      }
      return differ / (data.length / 4);
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

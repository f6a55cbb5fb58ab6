// Opens a URL in the user's browser with the platform's own opener (open, start, xdg-open),
// or reports that there is none so the caller can print the URL instead.
import { spawn } from 'node:child_process';

export type OpenOutcome = { opened: true; command: string } | { opened: false; reason: string };

/** The opener command for this platform, or why there is none (a Linux box without a display). */
export function openerFor(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { command: string; args: (url: string) => string[] } | { none: string } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  // `start` is a cmd.exe built-in; the empty "" is its window title, so a URL with & stays one argument.
  if (platform === 'win32') return { command: 'cmd', args: (url) => ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  // Without a display xdg-open falls back to a text browser that takes over the terminal.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY && !env.BROWSER) return { none: 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)' };
  return { command: 'xdg-open', args: (url) => [url] };
}

export async function openUrl(url: string): Promise<OpenOutcome> {
  const opener = openerFor();
  if ('none' in opener) return { opened: false, reason: opener.none };
  // cmd.exe parses its own command line: hand it the arguments exactly as written.
  const child = spawn(opener.command, opener.args(url), { detached: true, stdio: 'ignore', windowsVerbatimArguments: opener.command === 'cmd' });
  const failure = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (failure) {
    const missing = (failure as NodeJS.ErrnoException).code === 'ENOENT';
    return { opened: false, reason: missing ? `${opener.command} is not installed` : `${opener.command} failed: ${failure.message}` };
  }
  // The browser outlives us; do not keep the CLI waiting for it.
  child.unref();
  return { opened: true, command: opener.command };
}

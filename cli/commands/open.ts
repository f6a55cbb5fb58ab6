// `o11y open [dashboard]`: opens a lab dashboard in the browser, or prints its URL.
import type { Command } from 'commander';
import { request, ServiceHttpError } from '../clients/lab-http.js';
import { loadConfig } from '../lab/load-config.js';
import { UserError } from '../errors.js';
import { DASHBOARD_KEYS, type DashboardKey } from '../grafana/catalog.js';
import { dashboardLinks, prometheusGraphLink } from '../grafana/links.js';
import { openUrl } from '../grafana/open-url.js';
import { printJson, style, table } from '../output.js';
import type { LabConfig } from '../config/schema.js';
import { readLeftOut } from '../lab/left-out.js';
import { labUrl } from '../stack/host-url.js';
import { secretsPath } from '../config/secrets.js';
import { GRAFANA_VIEWER, WEB_USER } from '../stack/exposure.js';

interface OpenFlags {
  config?: string;
  print?: boolean;
  list?: boolean;
  json?: boolean;
}

/** Why Grafana cannot show the dashboard, or undefined when it answers. A browser on a refused port says nothing useful. */
async function grafanaMissing(config: LabConfig, stateDir: string): Promise<{ why: string; fix: string } | undefined> {
  if (!config.enabled.grafana)
    return { why: 'Grafana is turned off in this lab (enabled.grafana: false).', fix: 'Set enabled.grafana: true in o11y.yaml and run `o11y up`.' };
  const leftOut = readLeftOut(stateDir).find((l) => l.service === 'grafana');
  if (leftOut) return { why: `Grafana is not running in this lab: ${leftOut.reason}`, fix: '' };
  const url = labUrl(config, 'grafana');
  try {
    // Any answer will do: Grafana is there to show the page.
    await request({ service: 'Grafana', baseUrl: url, path: '/api/health', timeoutMs: 2000 });
    return undefined;
  } catch (err) {
    if (!(err instanceof ServiceHttpError)) throw err;
    return {
      why: `Grafana does not answer at ${url}.`,
      fix: 'Is the lab up? `o11y status` shows it, `o11y up` starts it; `o11y open --print` prints the URL anyway.',
    };
  }
}

/** Without Grafana: the dashboard's main query in Prometheus' own graph page, if Prometheus answers. */
async function offerPrometheus(config: LabConfig, stateDir: string, key: DashboardKey, missing: { why: string; fix: string }): Promise<void> {
  const graph = prometheusGraphLink(config, key);
  let asksLogin: boolean;
  try {
    // Any answer will do; a 401 says the browser will ask for the login (an exposed lab).
    asksLogin = (await request({ service: 'Prometheus', baseUrl: labUrl(config, 'prometheus'), path: '/-/ready', timeoutMs: 2000 })).status === 401;
  } catch (err) {
    if (!(err instanceof ServiceHttpError)) throw err;
    throw new UserError(missing.why, { code: 'O11Y_LAB_NOT_RUNNING', hint: missing.fix || 'Start the lab with `o11y up`.', cause: err });
  }
  console.error(`${style.yellow('!')} ${missing.why}`);
  const outcome = await openUrl(graph.url);
  const what = `"${graph.panel}" in Prometheus: ${graph.url}`;
  if (outcome.opened) console.log(`${style.green('✔')} opened ${what}`);
  else console.log(`${what}\n${style.dim(`(not opened: ${outcome.reason}; open the URL yourself)`)}`);
  if (asksLogin) console.log(`Log in as ${WEB_USER}, password: webPassword in ${secretsPath(stateDir)}.`);
}

export function registerOpen(program: Command): void {
  program
    .command('open')
    .description('open a Grafana dashboard of the lab in the browser (or print its URL)')
    .argument('[dashboard]', `one of ${DASHBOARD_KEYS.join(', ')}`, 'overview')
    .option('-c, --config <file>', 'config file (default ./o11y.yaml)')
    .option('--print', 'print the URL instead of opening a browser')
    .option('--list', 'list every dashboard with its URL')
    .option('--json', 'with --list: machine-readable output')
    .addHelpText(
      'after',
      `
Examples:
  $ o11y open                 the lab overview
  $ o11y open postgres        the PostgreSQL dashboard
  $ o11y open service --print just the URL (for scripts or a remote machine)
  $ o11y open --list          every dashboard and its URL

Log in as admin with the password in .o11y/secrets.yaml (grafanaPassword). Without Grafana
(turned off, left out, not answering) it opens the dashboard's main query in Prometheus instead.`,
    )
    .action(async (dashboard: string, flags: OpenFlags) => {
      const { config, stateDir } = loadConfig({ configPath: flags.config });
      const links = dashboardLinks(config);
      if (flags.list) {
        if (flags.json) printJson(links);
        else
          console.log(
            table(
              ['dashboard', 'url', 'shows'],
              links.map((l) => [l.key, l.url, l.summary]),
            ),
          );
        return;
      }
      const link = links.find((l) => l.key === dashboard);
      if (!link) {
        throw new UserError(`There is no dashboard "${dashboard}".`, {
          code: 'O11Y_NAME_UNKNOWN',
          hint: `Choose one of: ${DASHBOARD_KEYS.join(', ')} (o11y open --list).`,
        });
      }
      if (flags.print) {
        console.log(link.url);
        return;
      }
      const missing = await grafanaMissing(config, stateDir);
      if (missing) return offerPrometheus(config, stateDir, link.key, missing);
      const outcome = await openUrl(link.url);
      if (outcome.opened) console.log(`${style.green('✔')} opened ${link.title}: ${link.url}`);
      else console.log(`${link.title}: ${link.url}\n${style.dim(`(not opened: ${outcome.reason}; open the URL yourself)`)}`);
      console.log(`Log in as admin, password: grafanaPassword in ${secretsPath(stateDir)} (a class: ${GRAFANA_VIEWER}, grafanaViewerPassword, read-only).`);
    });
}

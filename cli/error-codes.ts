// Every error code a user can meet, with its cause and its fix in one line each: the list users
// look up (docs/troubleshooting.md has one entry per code; test/cli/error-codes.test.ts holds the
// three together). A code names a situation, not a line that throws: sites with the same cause
// and fix share one. Codes are `O11Y_<WHAT>_<STATE>`, upper case, and never change once released.

export interface ErrorCodeEntry {
  cause: string;
  fix: string;
}

export const ERROR_CODES = {
  // Flags and names
  O11Y_FLAG_INVALID: {
    cause: 'A flag or setting value does not parse or is out of range (a duration without a unit, a count too large, a body that is not JSON).',
    fix: 'Correct the value as the message shows; `o11y <command> --help` lists the forms each flag takes.',
  },
  O11Y_FLAGS_CONFLICT: {
    cause: 'Two flags were given that exclude each other, or one was given without the one it needs.',
    fix: 'Keep one of them (or give both, as the message says).',
  },
  O11Y_NAME_UNKNOWN: {
    cause: 'A preset, service, dashboard, chaos fault or alert rule name that the lab does not have.',
    fix: 'Use one of the names the hint lists.',
  },
  // Configuration, state folder and secrets
  O11Y_CONFIG_MISSING: {
    cause: 'There is no o11y.yaml here (or the file `--config` names does not exist).',
    fix: 'Run `o11y init` in the lab folder, or pass `--config <file>`.',
  },
  O11Y_CONFIG_INVALID: {
    cause: 'o11y.yaml is not valid YAML, has an unknown setting, or a setting has a bad value.',
    fix: 'Fix the setting the message names; `o11y init --yes` writes a valid file.',
  },
  O11Y_STATE_NOT_YOURS: {
    cause: 'The state folder (.o11y/) holds files of another user, left by `sudo o11y` of an older version or a run as root.',
    fix: 'Run the `sudo chown -R` the hint prints, then the command again.',
  },
  O11Y_SECRETS_INVALID: {
    cause: '.o11y/secrets.yaml is not valid YAML.',
    fix: 'Fix it by hand; deleting it makes new passwords the existing data will not accept.',
  },
  O11Y_SECRETS_LOST: {
    cause: "The lab's data was made with passwords this folder's secrets file does not hold (the file is gone, or the lab belongs to another folder).",
    fix: 'Run o11y in the folder the lab belongs to, or put the secrets file back; `o11y down --volumes` deletes the data instead.',
  },
  // Docker and the system
  O11Y_DOCKER_UNREACHABLE: {
    cause: 'The Docker engine does not answer at DOCKER_HOST (default unix:///var/run/docker.sock).',
    fix: 'Start Docker: `sudo o11y doctor --fix` (Debian/Ubuntu), `sudo systemctl start docker` or Docker Desktop.',
  },
  O11Y_DOCKER_PERMISSION: {
    cause: 'The Docker socket is closed to this user.',
    fix: '`sudo usermod -aG docker $USER`, then log in again; until then run as root, or let `o11y up` continue through sudo.',
  },
  O11Y_DOCKER_ERROR: {
    cause: 'The Docker engine answered with an error.',
    fix: 'Read the engine error in the message; `o11y doctor` checks the setup.',
  },
  O11Y_DOCKER_NOT_INSTALLED: {
    cause: 'There is no dockerd on PATH.',
    fix: '`sudo o11y doctor --fix` (Debian/Ubuntu) or install Docker for your system.',
  },
  O11Y_DOCKER_START_FAILED: {
    cause: 'Docker could not be started: systemctl or dockerd failed, or a dockerd runs but does not answer, or DOCKER_HOST names another engine.',
    fix: 'Read the log the hint names (or `journalctl -u docker`); stop a dockerd that hangs; start a remote engine where it runs.',
  },
  O11Y_ROOT_REQUIRED: {
    cause: 'The step installs packages, starts the daemon or builds the Debian root, which needs root.',
    fix: 'Run the command with sudo, as the hint shows.',
  },
  O11Y_FIX_UNSUPPORTED: {
    cause: '`doctor --fix` installs packages only on Debian or Ubuntu.',
    fix: 'Install Docker for your system yourself, then run `o11y doctor` again.',
  },
  O11Y_APT_FAILED: {
    cause: 'apt-get failed while `doctor --fix` installed packages.',
    fix: 'Fix apt (its output is above: a proxy, a mirror), then run `o11y doctor --fix` again.',
  },
  O11Y_SUDO_FAILED: {
    cause: 'Running o11y again through sudo failed, or there is no sudo.',
    fix: 'Run the command the hint prints yourself (`sudo o11y doctor --fix`) to see why.',
  },
  O11Y_CONFIRMATION_NEEDED: {
    cause: 'o11y would change the system, and there is no terminal to ask.',
    fix: 'Add --yes to go ahead without asking.',
  },
  O11Y_CHANGE_DECLINED: {
    cause: 'You answered no when o11y asked before changing the system; nothing changed.',
    fix: 'Run it again and answer yes, or do the step the hint names yourself.',
  },
  // The lab
  O11Y_LAB_LOCKED: {
    cause: 'Another `o11y up` or `o11y down` of this lab holds its lock (or left a lock that cannot be read).',
    fix: 'Wait for it, or stop it; remove a lock no run holds (the message names the file).',
  },
  O11Y_LAB_NOT_RUNNING: {
    cause: 'The lab (or the service asked for) has no container or does not answer.',
    fix: 'Start the lab with `o11y up`; `o11y status` shows what runs.',
  },
  O11Y_PORT_IN_USE: {
    cause: 'A port the lab (or `o11y serve`) publishes is taken by another program.',
    fix: 'Stop what holds it, or set the `ports.<key>` (or --port) the hint names to a free port.',
  },
  O11Y_ADDRESS_UNAVAILABLE: {
    cause: 'The address to listen or publish on is not an address of this machine.',
    fix: 'Check bindAddress (or --expose, --host) and ports.* in o11y.yaml.',
  },
  O11Y_PORT_UNREACHABLE: {
    cause: 'A service is healthy in its container, but its published port does not answer from this machine, even after a restart.',
    fix: "Something between this machine and Docker drops it (a firewall, a VPN, Docker Desktop's port forwarding): `o11y doctor` checks the setup, or set the port to another one in o11y.yaml.",
  },
  O11Y_SERVICE_UNHEALTHY: {
    cause: 'A container of the lab did not become healthy (its health check failed, or it exited).',
    fix: 'Read its last log lines (printed with the error, all of them with `o11y logs SERVICE`), fix the cause, then `o11y up` again.',
  },
  O11Y_CONFIG_NOT_RELOADED: {
    cause:
      'Prometheus or Alertmanager was signalled to re-read its changed config files and refused them (or did not confirm in time); it keeps running the previous ones.',
    fix: 'Read why in `o11y logs SERVICE` (a rule or a target of your own that does not parse, most often), correct it in o11y.yaml or your files, then `o11y up` again.',
  },
  // Your own services (`o11y target`)
  O11Y_TARGET_INVALID: {
    cause:
      'A target name or metrics URL given to `o11y target add` is not usable (no scheme or host, a port out of range, a login in the URL, a name the lab or another target uses).',
    fix: 'Correct it as the message says; nothing was written.',
  },
  O11Y_TARGET_UNREACHABLE: {
    cause:
      "Prometheus, from inside the lab's network, could not scrape the target (connection refused, no such host, a timeout, TLS refused, an HTTP error such as 404 or 401).",
    fix: "Follow the hint: a service on this machine must listen on an address containers reach (0.0.0.0, not only 127.0.0.1); check the URL's host, port and path. Nothing was written.",
  },
  O11Y_TARGET_NOT_METRICS: {
    cause: 'The target answered, but not with Prometheus metrics (an HTML page, JSON, or text Prometheus cannot parse).',
    fix: 'Point the URL at the metrics endpoint (often /metrics; Spring Boot /actuator/prometheus); nothing was written.',
  },
  O11Y_CONTAINER_NAME_TAKEN: {
    cause: 'A container with the name the lab needs exists, but belongs to no lab of this project.',
    fix: 'Remove or rename it (`docker rm NAME`), or set another `project` in o11y.yaml.',
  },
  O11Y_IMAGE_PULL_FAILED: {
    cause: 'An image could not be pulled: no registry answered, or the registry has no such image or tag.',
    fix: 'Check the network or proxy, or build the images here (`o11y images build`, then `o11y up --images local`); a wrong image name is set in o11y.yaml or O11Y_IMAGE_<SERVICE>.',
  },
  O11Y_IMAGE_MISSING: {
    cause: 'An image the lab needs is not on this engine, and it may not be pulled (--pull never, or a local build that was never made).',
    fix: 'Build it with `o11y images build`, or allow pulls (`--pull missing`).',
  },
  O11Y_VOLUME_IN_USE: {
    cause: 'A lab volume is used by a container o11y did not start (a rendered compose project).',
    fix: 'Stop that container (`docker compose down` in the rendered folder), then run this again.',
  },
  O11Y_DATA_VERSION_MISMATCH: {
    cause: "The image cannot open the lab's data volume (another PostgreSQL major, or a layout it does not support).",
    fix: "Run the volume's major again, dump and restore the data, or start empty with `o11y down --volumes` (deletes the data).",
  },
  O11Y_BUNDLE_MISSING: {
    cause: 'A folder the lab stages (the gradebook bundle, the templates) is missing from the installed package.',
    fix: 'Reinstall o11y-lab (or `npm run build` in a checkout).',
  },
  // Images
  O11Y_IMAGE_BUILD_FAILED: {
    cause: '`o11y images build` could not build an image.',
    fix: 'The log under .o11y/logs/ says why (often apt behind a proxy); fix it and build again (finished images are kept).',
  },
  O11Y_IMAGE_NOT_BUILDABLE: {
    cause: 'None of the services asked for can be built from Debian packages.',
    fix: 'Pull their official images, or load them with `docker load` (see docs/images.md).',
  },
  O11Y_DEBOOTSTRAP_MISSING: {
    cause: 'debootstrap, which builds the Debian base of the local images, is not installed.',
    fix: '`apt-get install debootstrap` (or `o11y doctor --fix`).',
  },
  // HTTP services of the lab, and the load target
  O11Y_SERVICE_UNREACHABLE: {
    cause: 'A service o11y talks to over HTTP (Prometheus, Alertmanager, the app, Telegram, the --target) refused the connection or did not answer in time.',
    fix: 'Is the lab up? `o11y status` shows what runs and `o11y up` starts it; check the address of a --target, or the network for Telegram.',
  },
  O11Y_SERVICE_ERROR: {
    cause: 'A service o11y talks to over HTTP answered with an error status or something other than what it should send.',
    fix: 'The message names the service and its answer; `o11y logs <service>` shows why it failed.',
  },
  O11Y_TARGET_NOT_GRADEBOOK: {
    cause: "`o11y load`'s target answers, but not as the gradebook does (/healthz, /students/).",
    fix: 'Point --target at the gradebook, or pass --force to load any URL.',
  },
  O11Y_LOAD_THRESHOLD_BROKEN: {
    cause: '`o11y load` ran, and its overall p99 or error rate is above the --max-p99 or --max-error-rate given (exit code 3).',
    fix: 'The service missed the goal: read the summary and the per-second figures, or loosen the threshold if it was too strict.',
  },
  O11Y_LOAD_ALL_FAILED: {
    cause: 'Every request of the run failed: a wrong --path, --method or --body, or errors injected with `o11y chaos`.',
    fix: 'Check --path, --method and --body against the API (/docs), or turn chaos off (`o11y chaos off`).',
  },
  O11Y_FILE_UNWRITABLE: {
    cause: 'A file asked for (--out, --report) cannot be written: its folder is missing or not writable, or it is a folder.',
    fix: 'Choose a path in a folder you can write to.',
  },
  O11Y_DATABASE_UNREACHABLE: {
    cause: '`o11y serve` cannot reach PostgreSQL, or PostgreSQL refused the login.',
    fix: 'Start PostgreSQL or pass --database-url; check the user, password and database name in it.',
  },
  // Chaos
  O11Y_CHAOS_TOKEN_MISSING: {
    cause: 'The secrets file has no chaos token.',
    fix: 'Run `o11y init` (it makes one), then `o11y up` so the app gets it.',
  },
  O11Y_CHAOS_TOKEN_REJECTED: {
    cause: 'The app runs with another CHAOS_TOKEN than the secrets file holds.',
    fix: '`o11y up` recreates the app with the current token.',
  },
  O11Y_CHAOS_UNAVAILABLE: {
    cause: 'The app was started without CHAOS_TOKEN, so it has no chaos endpoint.',
    fix: '`o11y up` starts it with one.',
  },
  // Alerts and Telegram
  O11Y_ALERT_NOT_REACHED: {
    cause: '`o11y load --until-alert` ended (timeout, or the load finished) before the alert fired.',
    fix: 'Hold the load longer (--duration) or raise it; `o11y alerts` shows how close each rule is.',
  },
  O11Y_ALERT_NOT_DELIVERED: {
    cause: 'The alert fired, but Alertmanager failed (or had not yet managed) to deliver it to Telegram.',
    fix: '`o11y logs alertmanager` shows why (a wrong token or chat id); `o11y init` sets them again.',
  },
  O11Y_TELEGRAM_TOKEN_INVALID: {
    cause: 'The bot token does not look like one, or Telegram rejected it.',
    fix: 'Copy it again from @BotFather (/mybots, your bot, API Token): digits, a colon, then letters.',
  },
  O11Y_TELEGRAM_CHAT_INVALID: {
    cause: 'The chat id is not a numeric id, Telegram does not know it for this bot, or the bot may not post there.',
    fix: 'Add the bot to the chat (an administrator in a channel) and use the numeric id (channels start with -100).',
  },
  O11Y_TELEGRAM_API_ERROR: {
    cause: 'Telegram answered the check with another error (rate limit, or an unexpected answer).',
    fix: 'Retry after the time it names; `o11y init` later adds Telegram to a running lab.',
  },
} satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;

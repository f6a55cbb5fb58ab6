// Runs every doctor check in order, the config first; checks that need the daemon are skipped when it is down.
import { type CheckResult, skip } from './check.js';
import type { ConfigCheck } from './config-check.js';
import { checkDockerDaemon, checkDockerInstalled, checkFreeDisk, checkSocketPermission } from './docker-checks.js';
import { checkExposure } from './exposure-check.js';
import { checkImages } from './image-checks.js';
import { checkPorts } from './port-checks.js';
import { checkSecretsPrivate, checkTelegram } from './telegram-check.js';

export interface DoctorOptions {
  offline?: boolean;
  /** Bound on each registry question (the engine hangs on a firewalled registry). */
  pullTimeoutMs?: number;
}

/** `configCheck` comes from checkConfig(): its result leads, and its config (maybe the defaults) feeds the rest. */
export async function runDoctor(configCheck: ConfigCheck, opts: DoctorOptions = {}): Promise<CheckResult[]> {
  const { config, stateDir } = configCheck.loaded;
  const results: CheckResult[] = [configCheck.result, checkDockerInstalled()];
  const daemon = await checkDockerDaemon();
  results.push(daemon.result, checkSocketPermission(), checkFreeDisk(daemon.engine, stateDir));
  results.push(await checkPorts(config, daemon.engine !== undefined));
  if (daemon.engine) {
    results.push(...(await checkImages(config, { offline: opts.offline === true, pullTimeoutMs: opts.pullTimeoutMs ?? 8000 })));
    results.push(await checkExposure(config.project));
  } else {
    results.push(
      skip('images', 'Images', 'needs a reachable Docker daemon'),
      skip('exposure', 'Exposed lab asks for a login', 'needs a reachable Docker daemon'),
    );
  }
  results.push(checkTelegram(config, stateDir), checkSecretsPrivate(stateDir));
  return results;
}

export function doctorPassed(results: CheckResult[]): boolean {
  return results.every((r) => r.status !== 'fail');
}

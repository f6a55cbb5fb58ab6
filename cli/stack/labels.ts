import { createHash } from 'node:crypto';

// Our own label namespace on every container, network and volume the lab creates. Compose's
// labels are not faked: `docker compose down` must never remove or recreate our containers.
export const LABEL = {
  project: 'dev.o11y-lab.project',
  service: 'dev.o11y-lab.service',
  configHash: 'dev.o11y-lab.config-hash',
  /** The state folder the lab was started from (for messages). */
  stateDir: 'dev.o11y-lab.state-dir',
  /** Which secrets the lab's data was made with: a lab with other passwords must not take it over. */
  secretsId: 'dev.o11y-lab.secrets-id',
  /** A never-started container that reads a file out of a volume (check-data-versions.ts); removed at once. */
  probe: 'dev.o11y-lab.probe',
} as const;

/** A fingerprint of the passwords the lab's data is made with (never the passwords themselves). */
export function secretsId(secrets: { postgresPassword: string }): string {
  return createHash('sha256').update(`o11y-lab secrets\n${secrets.postgresPassword}`).digest('hex').slice(0, 16);
}

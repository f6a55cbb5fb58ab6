// Our own label namespace on every container, network and volume the lab creates. Compose's
// labels are not faked: `docker compose down` must never remove or recreate our containers.
export const LABEL = {
  project: 'dev.o11y-lab.project',
  service: 'dev.o11y-lab.service',
  configHash: 'dev.o11y-lab.config-hash',
  /** The state folder (secrets) the lab was started from: another folder must not take it over. */
  stateDir: 'dev.o11y-lab.state-dir',
} as const;

export function projectFilter(project: string): { label: string[] } {
  return { label: [`${LABEL.project}=${project}`] };
}

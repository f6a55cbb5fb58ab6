// node-exporter: the host's CPU, memory and disks, next to what the lab does to them.
import { httpHealthCheck } from './health-check.js';
import { httpLink, type ServiceModule } from './service.js';

const PORT = 9100;

export const nodeExporter: ServiceModule = {
  name: 'node-exporter',
  summary: "the host's CPU, memory and disks (node_*)",
  port: { container: PORT, key: 'nodeExporter', default: 9100 },
  // On by default: the overview shows how busy the machine is while the load runs (the
  // generator and the lab share its cores). Off for a host that already runs one on 9100.
  optional: { key: 'nodeExporter', default: true },
  image: { default: 'quay.io/prometheus/node-exporter:v1.8.2', why: 'current 1.x; the flags used here are the same in the 1.5 that Debian packages' },
  // prometheus/node_exporter v1.8.2 Dockerfile: FROM quay.io/prometheus/busybox,
  // /bin/node_exporter as ENTRYPOINT, USER nobody, EXPOSE 9100.
  official: {
    source: 'github.com/prometheus/node_exporter/blob/v1.8.2/Dockerfile (FROM quay.io/prometheus/busybox)',
    uid: 65534,
    entrypoint: ['/bin/node_exporter'],
    paths: ['/bin/node_exporter'],
    wget: 'busybox',
    curl: false,
    bash: false,
    healthBinaries: ['wget'],
  },
  // Prometheus scrapes it on the lab's network; nothing else needs it: loopback only.
  whenExposed: 'loopback',
  localBuild: { context: 'node-exporter' },
  container: () => ({
    // The host's /proc, /sys and / read-only: CPU, memory and disk figures are the host's (not
    // namespaced). Its network counters would be its own container's, so none are shown.
    command: [
      '--path.procfs=/host/proc',
      '--path.sysfs=/host/sys',
      '--path.rootfs=/host/root',
      '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)',
    ],
    env: {},
    mounts: [
      { kind: 'host', source: '/proc', target: '/host/proc', readOnly: true },
      { kind: 'host', source: '/sys', target: '/host/sys', readOnly: true },
      { kind: 'host', source: '/', target: '/host/root', readOnly: true },
    ],
    // busybox wget in the official image: `-q -O-` only.
    health: httpHealthCheck(PORT, '/metrics'),
    dependsOn: [],
  }),
  scrape: [{ job: 'node', comment: "The host's CPU, memory and disks (node-exporter)." }],
  links: [httpLink('node-exporter', '/metrics')],
};

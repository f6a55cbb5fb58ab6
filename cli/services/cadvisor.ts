// cAdvisor: CPU and memory per container, for the dashboards (optional: it reads the whole host).
import { httpHealthCheck } from './health-check.js';
import { httpLink, type ServiceModule } from './service.js';

const PORT = 8080;

export const cadvisor: ServiceModule = {
  name: 'cadvisor',
  summary: 'CPU and memory per container',
  port: { container: PORT, key: 'cadvisor', default: 8080 },
  optional: { key: 'cadvisor', default: false },
  image: { default: 'gcr.io/cadvisor/cadvisor:v0.49.1', why: 'the last release published on gcr.io' },
  // google/cadvisor v0.49.1 deploy/Dockerfile: FROM alpine (busybox wget), runs as root,
  // ENTRYPOINT ["/usr/bin/cadvisor", "-logtostderr"].
  official: {
    source: 'github.com/google/cadvisor/blob/v0.49.1/deploy/Dockerfile (FROM alpine)',
    uid: 0,
    entrypoint: ['/usr/bin/cadvisor', '-logtostderr'],
    paths: ['/usr/bin/cadvisor'],
    wget: 'busybox',
    curl: false,
    bash: false,
    healthBinaries: ['wget'],
  },
  // Prometheus scrapes it on the lab's network; nothing else needs it: loopback only.
  whenExposed: 'loopback',
  localBuild: { unavailable: 'cAdvisor is not packaged by Debian' },
  container: () => ({
    env: {},
    mounts: [
      { kind: 'host', source: '/', target: '/rootfs', readOnly: true },
      { kind: 'host', source: '/var/run', target: '/var/run', readOnly: true },
      { kind: 'host', source: '/sys', target: '/sys', readOnly: true },
      { kind: 'host', source: '/var/lib/docker', target: '/var/lib/docker', readOnly: true },
      { kind: 'host', source: '/dev/disk', target: '/dev/disk', readOnly: true },
    ],
    // As cAdvisor's README runs it (v0.49.1): these mounts, `--privileged` and `--device=/dev/kmsg`.
    devices: ['/dev/kmsg'],
    health: httpHealthCheck(PORT, '/healthz'),
    dependsOn: [],
    privileged: true,
  }),
  scrape: [{ job: 'cadvisor', comment: 'Container CPU and memory (cAdvisor).' }],
  links: [httpLink('cAdvisor')],
};

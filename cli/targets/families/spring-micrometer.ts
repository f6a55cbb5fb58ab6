// Spring Boot with Micrometer's Prometheus registry (scraped at /actuator/prometheus).
// Read from micrometer implementations/micrometer-registry-prometheus: MicrometerCollector.java
// (a timer is a summary unless it has buckets, plus a `_max` gauge), PrometheusNamingConvention
// (timers get `_seconds`), DefaultMeterObservationHandler (the `error` tag), ProcessorMetrics.
import type { Family, HttpShape, ProcessShape } from '../family.js';
import type { Metrics } from '../metric-family.js';
import { has, offersOf } from './reading.js';

const TIMER = 'http_server_requests_seconds';

export const springMicrometer: Family = {
  id: 'spring-micrometer',
  name: 'Spring Boot (Micrometer)',
  detect(metrics) {
    if (!has(metrics, TIMER, ['summary', 'histogram'], ['uri'])) return undefined;
    const http: HttpShape = {
      requests: `${TIMER}_count`,
      status: 'status',
      latency: { metric: TIMER, type: metrics.get(TIMER)?.type === 'histogram' ? 'histogram' : 'summary', unit: 'seconds' },
      route: ['uri'],
      // Spring counts Prometheus' own scrape of the actuator endpoint.
      exclude: 'uri!="/actuator/prometheus"',
    };
    const process = jvmProcess(metrics);
    const offers = offersOf(
      http,
      process,
      { latency: 'management.metrics.distribution.percentiles-histogram.http.server.requests=true' },
      { memory: 'JVM memory used (heap and non-heap), not the resident memory of the process' },
    );
    return { http, process, offers };
  },
};

function jvmProcess(metrics: Metrics): ProcessShape {
  // Newer Micrometer has a CPU-time counter (base unit ns); older only a usage gauge (share of all CPUs).
  const cpu: ProcessShape['cpu'] = has(metrics, 'process_cpu_time_ns_total', 'counter')
    ? { kind: 'nanoseconds-counter', metric: 'process_cpu_time_ns_total' }
    : has(metrics, 'process_cpu_usage', 'gauge') && has(metrics, 'system_cpu_count', 'gauge')
      ? { kind: 'usage-of-cpus', usage: 'process_cpu_usage', cpus: 'system_cpu_count' }
      : undefined;
  const memory = has(metrics, 'jvm_memory_used_bytes', 'gauge') ? { metric: 'jvm_memory_used_bytes', what: 'JVM memory used' } : undefined;
  return { cpu, memory };
}

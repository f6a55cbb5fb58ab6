// The health check shape every service shares: quick checks, a generous start period for slow
// first starts. Exec form only (no shell): the official images differ in what shell they have.
import type { HealthSpec } from '../stack/model.js';

const seconds = (s: number) => s * 1000;

export function healthCheck(test: string[], o: { startPeriodS?: number; timeoutS?: number } = {}): HealthSpec {
  return { test: ['CMD', ...test], intervalMs: seconds(2), timeoutMs: seconds(o.timeoutS ?? 5), startPeriodMs: seconds(o.startPeriodS ?? 60), retries: 5 };
}

/** An HTTP GET on the container's own loopback with wget (busybox's or GNU's: `-q -O-` only, which both have). */
export function httpHealthCheck(port: number, urlPath: string): HealthSpec {
  return healthCheck(['wget', '-q', '-O-', `http://127.0.0.1:${port}${urlPath}`]);
}

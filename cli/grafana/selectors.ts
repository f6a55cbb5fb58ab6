// Label matchers the dashboards share: the scrape jobs they read (the job names the service
// modules give Prometheus) and the gradebook's user traffic.
import { STUDENTS_LIST, USER_TRAFFIC } from '../../server/metric-names.js';

export { APP_JOB } from '../../server/metric-names.js';
export const NODE_JOB = 'job="node"';
/** Gradebook requests from users: all routes but /metrics (the gradebook's job included). */
export const TRAFFIC = USER_TRAFFIC;
/** GET /students/, the route `o11y load` drives and the latency alert watches. */
export const STUDENTS = STUDENTS_LIST;
export const RATE = '$__rate_interval';

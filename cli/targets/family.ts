// What a client-library family is to the lab: how to know it from a scrape, where its HTTP
// series are (the shape the recording rules read) and what the common panels and alerts get.
import type { Metrics } from './metric-family.js';

/** Where one family keeps its request count, status, route and latency. */
export interface HttpShape {
  /** The series counting requests: a counter, or a histogram's or summary's `_count`. */
  requests: string;
  /** The label holding the status on `requests` ("2xx" or "200": the first digit is the class). */
  status?: string;
  /** Request durations, when the family has a histogram (buckets) or a summary (sum and count only). */
  latency?: { metric: string; type: 'histogram' | 'summary'; unit: 'seconds' | 'milliseconds' };
  /** Labels that together name the route, joined with "#" (controller#action); none: one route "*". */
  route: string[];
  /** Label matchers that leave out the scrape's own requests (`handler!="/metrics"`). */
  exclude?: string;
}

/** The process' own CPU and memory, where the family exposes them. */
export interface ProcessShape {
  cpu?: { kind: 'seconds-counter'; metric: string } | { kind: 'nanoseconds-counter'; metric: string } | { kind: 'usage-of-cpus'; usage: string; cpus: string };
  memory?: { metric: string; what: string };
}

/** The panels and alerts of a target that need more than `up`. */
export type Signal = 'requests' | 'errors' | 'latency' | 'routes' | 'cpu' | 'memory';

export interface Offer {
  signal: Signal;
  /** Whether the panel (and the alert, for errors and latency) will have data. */
  data: boolean;
  /** Why not, or what to know about the data (coarse buckets, JVM memory rather than resident). */
  note?: string;
  /** The one setting in the service that adds what is missing. */
  setting?: string;
}

export interface Detected {
  http?: HttpShape;
  process: ProcessShape;
  offers: Offer[];
}

export interface Family {
  id: string;
  /** For people: "Spring Boot (Micrometer)". */
  name: string;
  /** Its shape and offers when the scrape is of this family; undefined when it is not. */
  detect(metrics: Metrics): Detected | undefined;
}

// The client's own series, aggregated in memory as results come in (a few additions per request,
// nothing allocated) and read about once a second into Prometheus time series for the push.
import { DURATION_BUCKETS, LOAD_METRIC, LOAD_RUN_LABEL } from '../../../server/metric-names.js';
import type { RecorderTap } from '../recorder.js';

/** What the engine knows at a push, besides the results the tap has counted. */
export interface EngineSample {
  /** Users mode: users the plan asks for now, and those of them holding an open connection. */
  usersPlanned?: number;
  usersActive?: number;
  inFlight: number;
  /** Cumulative since the run started. */
  missed: number;
  dropped: number;
}

export interface Label {
  name: string;
  value: string;
}

/** One series and its value now. */
export interface SeriesValue {
  /** Sorted by name, as remote write asks. */
  labels: Label[];
  value: number;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
/** Error kinds beyond this many are counted as "other": an error code is a label value. */
const MAX_ERROR_KINDS = 20;
const LE = [...DURATION_BUCKETS.map(String), '+Inf'];

export class ClientSeries implements RecorderTap {
  private readonly responses = new Float64Array(STATUS_CLASSES.length);
  /** Always holds "timeout", so a clean run still exports an errors series (at 0). */
  private readonly errors = new Map<string, number>([['timeout', 0]]);
  /** Per bucket, not cumulative; the last one is +Inf. */
  private readonly buckets = new Float64Array(DURATION_BUCKETS.length + 1);
  private sumSeconds = 0;
  private samples = 0;
  private sent = 0;

  constructor(readonly run: string) {}

  response(status: number, micros: number, expectedIntervalUs?: number): void {
    this.responses[Math.min(5, Math.max(1, Math.floor(status / 100))) - 1]++;
    this.observe(micros);
    // The summary's coordinated-omission correction (HdrHistogram's recordValueWithExpectedInterval):
    // an answer slower than the send interval hid sends, which count as the latencies they would have had.
    if (expectedIntervalUs && expectedIntervalUs > 0 && micros > expectedIntervalUs) {
      for (let v = micros - expectedIntervalUs; v >= expectedIntervalUs; v -= expectedIntervalUs) this.observe(v);
    }
  }

  error(code: string): void {
    const kind = this.errors.has(code) || this.errors.size < MAX_ERROR_KINDS ? code : 'other';
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** A request without an answer counts in latency as the timeout, as in the summary. */
  timeout(timeoutMicros: number): void {
    this.errors.set('timeout', (this.errors.get('timeout') ?? 0) + 1);
    this.observe(timeoutMicros);
  }

  private observe(micros: number): void {
    const seconds = micros / 1e6;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
    this.buckets[i]++;
    this.sumSeconds += seconds;
    this.samples++;
  }

  /** Requests that finished: answered, failed at the connection, or timed out. */
  finished(): number {
    let n = 0;
    for (const r of this.responses) n += r;
    for (const e of this.errors.values()) n += e;
    return n;
  }

  /** Every series with its value now. */
  values(engine: EngineSample): SeriesValue[] {
    // Sent = finished + still on the wire; never lower than before (a stop abandons what is in flight).
    this.sent = Math.max(this.sent, this.finished() + engine.inFlight);
    const out: SeriesValue[] = [];
    const add = (name: string, value: number, extra: Record<string, string> = {}) => out.push({ labels: labelsOf(name, this.run, extra), value });
    if (engine.usersPlanned !== undefined) add(LOAD_METRIC.usersPlanned, engine.usersPlanned);
    if (engine.usersActive !== undefined) add(LOAD_METRIC.usersActive, engine.usersActive);
    add(LOAD_METRIC.inFlight, engine.inFlight);
    add(LOAD_METRIC.sent, this.sent);
    for (const [i, status] of STATUS_CLASSES.entries()) add(LOAD_METRIC.responses, this.responses[i], { status });
    for (const [kind, n] of this.errors) add(LOAD_METRIC.errors, n, { kind });
    add(LOAD_METRIC.missed, engine.missed);
    add(LOAD_METRIC.dropped, engine.dropped);
    let cumulative = 0;
    for (const [i, le] of LE.entries()) {
      cumulative += this.buckets[i];
      add(`${LOAD_METRIC.duration}_bucket`, cumulative, { le });
    }
    add(`${LOAD_METRIC.duration}_sum`, this.sumSeconds);
    add(`${LOAD_METRIC.duration}_count`, this.samples);
    return out;
  }
}

function labelsOf(name: string, run: string, extra: Record<string, string>): Label[] {
  const labels: Label[] = [
    { name: '__name__', value: name },
    { name: LOAD_RUN_LABEL, value: run },
  ];
  for (const [k, v] of Object.entries(extra)) labels.push({ name: k, value: v });
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

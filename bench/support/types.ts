// The contract between suites and the runner: a suite measures, the runner prints.

export interface Measurement {
  /** Mean of autocannon's per-second request counts. */
  requestsPerSec: number;
  /** Latency percentiles of 2xx responses; autocannon records whole milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts included. */
  errors: number;
  non2xx: number;
  /** Completed requests. */
  total: number;
  /**
   * Busy time of the server thread per completed request, in µs: steadier than req/s on a shared 2-core machine,
   * where the load generator and the server compete for the same cores.
   */
  busyUsPerRequest: number;
  statusCodes: Record<string, number>;
}

/** What a case must reach against its baseline; the report prints PASS or MISS beside each figure. */
export interface Targets {
  /** Emulator req/s ÷ baseline req/s must be at least this (0.7 = 70 % of the bare rate). */
  minRateRatio?: number;
  /** Emulator p99 ÷ baseline p99 must be at most this. */
  maxP99Ratio?: number;
  /** Emulator req/s must be at least this, whatever the baseline does. */
  minRate?: number;
}

export interface CaseResult {
  /** What was measured, e.g. `POST /dwsso/oauth2/access_token`. */
  name: string;
  emulator: Measurement;
  /** The same bytes from a bare Express route; what the emulator costs on top of HTTP itself. */
  baseline?: Measurement;
  connections: number;
  durationSec: number;
  /** How many alternating rounds the figures are medians of. */
  rounds?: number;
  /** Body size of the measured response: throughput of a big answer is partly a matter of bytes. */
  responseBytes?: number;
  targets?: Targets;
  /** What `busyUsPerRequest` measures: the server thread's event loop (in-process, the default) or a child's CPU time. */
  busy?: 'event-loop' | 'process-cpu';
  /** What a check after the load found (e.g. the invariants of the state it left), one line each. */
  checks?: { label: string; value: string; met: boolean }[];
}

/** A figure that is not a load-test measurement (a batch job's rate, a peak RSS, a start-up time). */
export interface MetricRow {
  label: string;
  emulator: number;
  /** The same work done by the simplest code that could do it, in the same run. */
  baseline?: number;
  digits: number;
  /** What the row must reach, and whether it did. */
  target?: { text: string; met: boolean };
}

export interface MetricCase {
  kind: 'metrics';
  name: string;
  rows: MetricRow[];
}

export interface SuiteResult {
  suite: string;
  cases: (CaseResult | MetricCase)[];
}

export interface Suite {
  name: string;
  description: string;
  run(): Promise<SuiteResult>;
}

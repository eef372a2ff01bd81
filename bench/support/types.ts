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
  statusCodes: Record<string, number>;
}

export interface CaseResult {
  /** What was measured, e.g. `POST /dwsso/oauth2/access_token`. */
  name: string;
  emulator: Measurement;
  /** The same bytes from a bare Express route; what the emulator costs on top of HTTP itself. */
  baseline?: Measurement;
  connections: number;
  durationSec: number;
}

export interface SuiteResult {
  suite: string;
  cases: CaseResult[];
}

export interface Suite {
  name: string;
  description: string;
  run(): Promise<SuiteResult>;
}

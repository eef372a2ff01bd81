import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { RequestSpec } from './http.js';
import type { Measurement } from './types.js';

// autocannon runs in one worker thread: on the same event loop it would steal time from the server it measures.

export interface LoadOptions {
  connections: number;
  durationSec: number;
}

export async function runLoad(baseUrl: string, spec: RequestSpec, options: LoadOptions): Promise<Measurement> {
  // The servers run on this thread, the load generator on its own: this thread's busy time is the servers' work.
  const before = performance.eventLoopUtilization();
  const result = await autocannon({
    url: new URL(spec.path, baseUrl).toString(),
    method: spec.method as autocannon.Request['method'],
    headers: spec.headers,
    body: spec.body,
    ...(spec.uniqueIds ? { idReplacement: true } : {}),
    connections: options.connections,
    duration: options.durationSec,
    workers: 1,
  });
  const busy = performance.eventLoopUtilization(before);
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
    busyUsPerRequest: result.requests.total > 0 ? (busy.active * 1000) / result.requests.total : 0,
    statusCodes,
  };
}

/** Refuses a run that measured anything but clean 2xx answers: its numbers would describe error handling. */
export function assertClean(m: Measurement, what: string): void {
  if (m.total === 0) throw new Error(`${what}: no request completed`);
  if (m.non2xx > 0 || m.errors > 0) {
    throw new Error(`${what}: ${m.non2xx} non-2xx responses and ${m.errors} errors out of ${m.total} (status codes ${JSON.stringify(m.statusCodes)})`);
  }
}

import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { RequestSpec } from './http.js';
import type { Measurement } from './types.js';

// autocannon runs in one worker thread: on the same event loop it would steal time from the server it measures.

export interface LoadOptions {
  connections: number;
  durationSec: number;
}

/**
 * A load whose every request is built anew (random queries, writes under new ids): `module` is a CommonJS file
 * whose export is autocannon's setupRequest; autocannon loads it in its worker, so it gets only plain data
 * (`context`, and each step's fields). Every connection repeats `cycle` in order.
 */
export interface GeneratedLoad {
  module: string;
  context: Record<string, unknown>;
  headers: Record<string, string>;
  cycle: { kind: string; method: string; path: string }[];
}

export type LoadSpec = RequestSpec | GeneratedLoad;

/** How busy the server was while a load ran, in µs of its time: started before the load, read after it. */
export type BusyMeter = () => () => number;

/** The busy time of this thread's event loop: right when the server runs on it (the in-process targets). */
export const thisEventLoop: BusyMeter = () => {
  const before = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(before).active * 1000;
};

export async function runLoad(baseUrl: string, spec: LoadSpec, options: LoadOptions, busyMeter: BusyMeter = thisEventLoop): Promise<Measurement> {
  const busy = busyMeter();
  const result = await autocannon({
    ...('cycle' in spec ? generated(baseUrl, spec) : fixed(baseUrl, spec)),
    connections: options.connections,
    duration: options.durationSec,
    workers: 1,
  });
  const busyUs = busy();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSec: result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
    busyUsPerRequest: result.requests.total > 0 ? busyUs / result.requests.total : 0,
    statusCodes,
  };
}

function fixed(baseUrl: string, spec: RequestSpec): autocannon.Options {
  return {
    url: new URL(spec.path, baseUrl).toString(),
    method: spec.method as autocannon.Request['method'],
    headers: spec.headers,
    body: spec.body,
    ...(spec.uniqueIds ? { idReplacement: true } : {}),
  };
}

function generated(baseUrl: string, spec: GeneratedLoad): autocannon.Options {
  return {
    url: baseUrl,
    headers: spec.headers,
    initialContext: spec.context,
    // In workers mode autocannon takes the setupRequest as a module path (its typings only know functions).
    requests: spec.cycle.map((step) => ({ ...step, setupRequest: spec.module })) as unknown as autocannon.Request[],
  };
}

/**
 * Refuses a run that measured anything but 2xx answers: its numbers would describe error handling. Connection
 * errors and timeouts (autocannon gives up on a request after 10 s), even a run in which nothing completed, are
 * figures of the run, reported beside the rest as a MISS: a server that stalls should show it, not make the
 * whole suite vanish.
 */
export function assertClean(m: Measurement, what: string): void {
  if (m.non2xx > 0) {
    throw new Error(`${what}: ${m.non2xx} non-2xx responses and ${m.errors} errors out of ${m.total} (status codes ${JSON.stringify(m.statusCodes)})`);
  }
}

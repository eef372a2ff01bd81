import { performance } from 'node:perf_hooks';
import { BroadcastChannel } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { RequestSpec } from './http.js';
import type { Measurement } from './types.js';

// autocannon runs in one worker thread: on the same event loop it would steal time from the server it measures.

export interface LoadOptions {
  connections: number;
  durationSec: number;
  /**
   * Exactly this many requests instead of a duration (each uses up something prepared, e.g. a basket); req/s is then
   * the total ÷ the time from the start to the last answer (a generated load), else ÷ autocannon's whole seconds.
   */
  amount?: number;
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
  const last = options.amount && 'cycle' in spec ? lastAnswer(options.amount) : undefined;
  const busy = busyMeter();
  const result = await autocannon({
    ...('cycle' in spec ? generated(baseUrl, spec, last) : fixed(baseUrl, spec)),
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec }),
    workers: 1,
  });
  const busyUs = busy();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const lastAt = await last?.at();
  const seconds = lastAt !== undefined ? (lastAt - result.start.getTime()) / 1000 : result.duration;
  return {
    requestsPerSec: options.amount ? result.requests.total / Math.max(seconds, 0.001) : result.requests.mean,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
    busyUsPerRequest: result.requests.total > 0 ? busyUs / result.requests.total : 0,
    statusCodes,
  };
}

const LAST_RESPONSE = new URL('./last-response.cts', import.meta.url).pathname;
let runs = 0;

interface LastAnswer {
  context: { channel: string; amount: number };
  /** When the amount-th answer arrived (ms since the epoch), or undefined when it never did (errors, timeouts); closes the channel. */
  at(): Promise<number | undefined>;
}

/** Listens for last-response.cts's message: a run of a fixed amount is timed to its last answer, not to autocannon's next tick. */
function lastAnswer(amount: number): LastAnswer {
  const context = { channel: `oci-bench-last-response-${process.pid}-${++runs}`, amount };
  const channel = new BroadcastChannel(context.channel);
  // Never what keeps the process alive (a run that threw leaves it open).
  channel.unref();
  let at: number | undefined;
  channel.onmessage = (event) => void (at = Number((event as MessageEvent).data));
  return {
    context,
    async at() {
      // The message was posted up to a second before autocannon's result; give it a moment if it is still on its way.
      for (let i = 0; at === undefined && i < 10; i++) await new Promise((r) => setTimeout(r, 10));
      channel.close();
      return at;
    },
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

function generated(baseUrl: string, spec: GeneratedLoad, last?: LastAnswer): autocannon.Options {
  return {
    url: baseUrl,
    headers: spec.headers,
    initialContext: last ? { ...spec.context, lastResponse: last.context } : spec.context,
    // In workers mode autocannon takes the setupRequest (and onResponse) as a module path (its typings only know functions).
    requests: spec.cycle.map((step) => ({ ...step, setupRequest: spec.module, ...(last ? { onResponse: LAST_RESPONSE } : {}) })) as unknown as autocannon.Request[],
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

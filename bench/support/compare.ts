import type { Emulator, EmulatorOptions } from '../../emulator/index.js';
import { benchConfig } from './config.js';
import { sendOnce, type CapturedResponse, type RequestSpec } from './http.js';
import { assertClean, runLoad } from './load.js';
import { assertSameWire, startBaseline, startBenchEmulator } from './servers.js';
import type { CaseResult, Measurement, Targets } from './types.js';

// The shape of most suites: one request against the emulator, then the same bytes from a bare Express route,
// so the ratio isolates what the emulator adds to plain HTTP on this machine.

export interface Comparison {
  name: string;
  /** The request, or how to build it once the emulator is up (e.g. with a token it issued). */
  request: RequestSpec | ((emulatorUrl: string) => Promise<RequestSpec>);
  /** Throws if the emulator's answer is not the one the suite means to measure. */
  verify(response: CapturedResponse): void;
  /** The world to load; the demo world by default. */
  fixtures?: EmulatorOptions['fixtures'];
  /** The case's own concurrency, when it is part of what it measures; BENCH_CONNECTIONS still overrides it. */
  connections?: number;
  targets?: Targets;
  /** Sets the world up before the first request (stock to reserve, …). */
  prepare?(emulator: Emulator): void | Promise<void>;
  /** Checks the emulator's state once the load is over (invariants), for the report. */
  afterRun?(emulator: Emulator): CaseResult['checks'] | Promise<CaseResult['checks']>;
}

export async function compareWithBaseline(c: Comparison): Promise<CaseResult> {
  const config = benchConfig();
  const connections = config.connectionsFromEnv ? config.connections : (c.connections ?? config.connections);
  const load = { connections, durationSec: config.durationSec };
  const emulator = await startBenchEmulator(c.fixtures);
  try {
    await c.prepare?.(emulator.emulator);
    const request = typeof c.request === 'function' ? await c.request(emulator.url) : c.request;
    const captured = await sendOnce(emulator.url, request);
    c.verify(captured);
    const baseline = await startBaseline(request.method, request.path, captured);
    try {
      assertSameWire(captured, await sendOnce(baseline.url, request), 'the baseline');
      // Targets run one after the other (at the same time they would share the two cores), in alternating rounds,
      // so a slow spell of this shared machine hits both sides; each figure is the median of its rounds.
      const measured: Record<'emulator' | 'baseline', Measurement[]> = { emulator: [], baseline: [] };
      for (let round = 1; round <= config.rounds; round++) {
        for (const [label, target] of [['emulator', emulator], ['baseline', baseline]] as const) {
          // Both sides start from a collected heap: otherwise the emulator, measured first, would pay for the
          // collections that building a large world leaves behind (npm run bench passes --expose-gc).
          (globalThis as { gc?: () => void }).gc?.();
          progress(`${c.name}: ${label} round ${round}/${config.rounds}${config.warmupSec > 0 ? `, ${config.warmupSec}s warm-up` : ''}, ${config.durationSec}s × ${connections} connections`);
          if (config.warmupSec > 0) assertClean(await runLoad(target.url, request, { ...load, durationSec: config.warmupSec }), `${label} warm-up`);
          const m = await runLoad(target.url, request, load);
          assertClean(m, `${c.name} on the ${label}`);
          measured[label].push(m);
        }
      }
      const checks = await c.afterRun?.(emulator.emulator);
      return {
        ...(checks ? { checks } : {}),
        name: c.name,
        emulator: median(measured.emulator),
        baseline: median(measured.baseline),
        rounds: config.rounds,
        ...load,
        responseBytes: captured.body.length,
        ...(c.targets ? { targets: c.targets } : {}),
      };
    } finally {
      await baseline.close();
    }
  } finally {
    await emulator.close();
  }
}

/** Each figure the median of its rounds; counts summed. */
function median(runs: Measurement[]): Measurement {
  const mid = (pick: (m: Measurement) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const n = sorted.length;
    return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  };
  const sum = (pick: (m: Measurement) => number) => runs.reduce((s, m) => s + pick(m), 0);
  const statusCodes: Record<string, number> = {};
  for (const m of runs) for (const [code, n] of Object.entries(m.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    requestsPerSec: mid((m) => m.requestsPerSec),
    p50Ms: mid((m) => m.p50Ms),
    p99Ms: mid((m) => m.p99Ms),
    busyUsPerRequest: mid((m) => m.busyUsPerRequest),
    errors: sum((m) => m.errors),
    non2xx: sum((m) => m.non2xx),
    total: sum((m) => m.total),
    statusCodes,
  };
}

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

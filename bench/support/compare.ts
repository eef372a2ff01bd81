import type { Emulator, EmulatorOptions } from '../../emulator/index.js';
import { benchConfig } from './config.js';
import { sendOnce, type CapturedResponse, type RequestSpec } from './http.js';
import { measureRounds } from './rounds.js';
import { assertSameWire, startBaseline } from './baseline.js';
import { startBenchEmulator } from './servers.js';
import type { CaseResult, Targets } from './types.js';

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
  const emulator = await startBenchEmulator(c.fixtures);
  try {
    await c.prepare?.(emulator.emulator);
    const request = typeof c.request === 'function' ? await c.request(emulator.url) : c.request;
    const captured = await sendOnce(emulator.url, request);
    c.verify(captured);
    const baseline = await startBaseline([{ method: request.method, path: request.path, captured }]);
    try {
      assertSameWire(captured, await sendOnce(baseline.url, request), 'the baseline');
      const measured = await measureRounds(c.name, [{ label: 'emulator', url: emulator.url }, { label: 'baseline', url: baseline.url }], request, connections);
      const checks = await c.afterRun?.(emulator.emulator);
      return {
        ...(checks ? { checks } : {}),
        name: c.name,
        emulator: measured.emulator,
        baseline: measured.baseline,
        rounds: measured.rounds,
        ...measured.load,
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

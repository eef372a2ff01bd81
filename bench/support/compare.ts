import type { EmulatorOptions } from '../../emulator/index.js';
import { benchConfig } from './config.js';
import { sendOnce, type CapturedResponse, type RequestSpec } from './http.js';
import { assertClean, runLoad } from './load.js';
import { assertSameWire, startBaseline, startBenchEmulator } from './servers.js';
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
}

export async function compareWithBaseline(c: Comparison): Promise<CaseResult> {
  const config = benchConfig();
  const connections = config.connectionsFromEnv ? config.connections : (c.connections ?? config.connections);
  const load = { connections, durationSec: config.durationSec };
  const emulator = await startBenchEmulator(c.fixtures);
  try {
    const request = typeof c.request === 'function' ? await c.request(emulator.url) : c.request;
    const captured = await sendOnce(emulator.url, request);
    c.verify(captured);
    const baseline = await startBaseline(request.method, request.path, captured);
    try {
      assertSameWire(captured, await sendOnce(baseline.url, request), 'the baseline');
      // Targets run one after the other: at the same time they would share the two cores.
      const measured = [];
      for (const [label, target] of [['emulator', emulator], ['baseline', baseline]] as const) {
        progress(`${c.name}: ${label}${config.warmupSec > 0 ? `, ${config.warmupSec}s warm-up` : ''}, ${config.durationSec}s × ${connections} connections`);
        if (config.warmupSec > 0) assertClean(await runLoad(target.url, request, { ...load, durationSec: config.warmupSec }), `${label} warm-up`);
        const m = await runLoad(target.url, request, load);
        assertClean(m, `${c.name} on the ${label}`);
        measured.push(m);
      }
      return {
        name: c.name,
        emulator: measured[0]!,
        baseline: measured[1]!,
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

function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}

import { benchConfig } from './config.js';
import { sendOnce, type CapturedResponse, type RequestSpec } from './http.js';
import { assertClean, runLoad } from './load.js';
import { assertSameWire, startBaseline, startBenchEmulator } from './servers.js';
import type { CaseResult } from './types.js';

// The shape of most suites: one request against the emulator, then the same bytes from a bare Express route,
// so the ratio isolates what the emulator adds to plain HTTP on this machine.

export interface Comparison {
  name: string;
  request: RequestSpec;
  /** Throws if the emulator's answer is not the one the suite means to measure. */
  verify(response: CapturedResponse): void;
}

export async function compareWithBaseline(c: Comparison): Promise<CaseResult> {
  const config = benchConfig();
  const load = { connections: config.connections, durationSec: config.durationSec };
  const emulator = await startBenchEmulator();
  try {
    const captured = await sendOnce(emulator.url, c.request);
    c.verify(captured);
    const baseline = await startBaseline(c.request.method, c.request.path, captured);
    try {
      assertSameWire(captured, await sendOnce(baseline.url, c.request), 'the baseline');
      // Targets run one after the other: at the same time they would share the two cores.
      const measured = [];
      for (const [label, target] of [['emulator', emulator], ['baseline', baseline]] as const) {
        progress(`${c.name}: ${label}${config.warmupSec > 0 ? `, ${config.warmupSec}s warm-up` : ''}, ${config.durationSec}s × ${config.connections} connections`);
        if (config.warmupSec > 0) assertClean(await runLoad(target.url, c.request, { ...load, durationSec: config.warmupSec }), `${label} warm-up`);
        const m = await runLoad(target.url, c.request, load);
        assertClean(m, `${c.name} on the ${label}`);
        measured.push(m);
      }
      return { name: c.name, emulator: measured[0]!, baseline: measured[1]!, ...load };
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

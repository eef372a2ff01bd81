import { benchConfig } from './config.js';
import { assertClean, runLoad, thisEventLoop, type BusyMeter, type LoadOptions, type LoadSpec } from './load.js';
import { monotonicUs, type Window } from './cpu-profile.js';
import type { Measurement } from './types.js';

// Targets are measured one after the other (at the same time they would share the two cores), in alternating
// rounds, so a slow spell of this shared machine hits both sides; each figure is the median of its rounds.

export interface RoundTarget {
  label: 'emulator' | 'baseline';
  url: string;
  /** Where the server's busy time is read: this event loop by default, a child's CPU time for a child. */
  busy?: BusyMeter;
  /** Resolves once the server is idle (a child done with what the last load left it), before each run. */
  settle?: () => Promise<void>;
}

export interface Rounds {
  emulator: Measurement;
  baseline: Measurement;
  rounds: number;
  load: LoadOptions;
  /** When the emulator's measured runs (not their warm-ups) ran, to cut them out of its CPU profile. */
  emulatorWindows: Window[];
}

export async function measureRounds(name: string, targets: readonly RoundTarget[], spec: LoadSpec, connections: number): Promise<Rounds> {
  const config = benchConfig();
  const load = { connections, durationSec: config.durationSec };
  const measured: Record<RoundTarget['label'], Measurement[]> = { emulator: [], baseline: [] };
  const emulatorWindows: Window[] = [];
  for (let round = 1; round <= config.rounds; round++) {
    for (const target of targets) {
      // Both sides start from a collected heap: otherwise the emulator, measured first, would pay for the
      // collections that building a large world leaves behind (npm run bench passes --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
      progress(`${name}: ${target.label} round ${round}/${config.rounds}${config.warmupSec > 0 ? `, ${config.warmupSec}s warm-up` : ''}, ${config.durationSec}s × ${connections} connections`);
      const busy = target.busy ?? thisEventLoop;
      // Every server idle first: one still working off the last run would slow whichever target runs next.
      await Promise.all(targets.map((t) => t.settle?.()));
      if (config.warmupSec > 0) {
        await runLoad(target.url, spec, { ...load, durationSec: config.warmupSec }, busy);
        await target.settle?.();
      }
      const fromUs = monotonicUs();
      const m = await runLoad(target.url, spec, load, busy);
      if (target.label === 'emulator') emulatorWindows.push({ fromUs, toUs: monotonicUs() });
      assertClean(m, `${name} on the ${target.label}`);
      measured[target.label].push(m);
    }
  }
  return { emulator: median(measured.emulator), baseline: median(measured.baseline), rounds: config.rounds, load, emulatorWindows };
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

export function progress(line: string): void {
  process.stderr.write(`  … ${line}\n`);
}
